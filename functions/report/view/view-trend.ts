// The six-month trend: money first (the amount sold, as bars), then sales and conversations (a fifth
// column does not fit a 375 px screen; quotations are in the KPI cards); and, when the company
// ran ads in any of those months, each month's ad spend and ROAS on the same basis as the ads section.
import type { CompanyContext } from '../company/company-context.ts';
import { analyzeAds } from '../figures/ad-efficiency.ts';
import { DASH, formatMonth } from '../format/format.ts';
import { roasAmount, roasHeader } from '../format/roas-words.ts';
import { barCell, barWidth, type BarCell } from './view-bars.ts';
import { monthBefore } from '../../shared/report-period.ts';
import type { CompanyReport } from '../../iobot/report-schema.ts';

export interface TrendView {
  headers: string[];
  rows: { month: string; current: boolean; cells: BarCell[] }[];
  /** Ad spend and ROAS per month; null when no month of the trend had ad spend. */
  ads: { headers: string[]; rows: { month: string; current: boolean; spend: string; roas: string }[] } | null;
}

/** Up to six months, oldest first, ending with the reported one; null without any earlier month. */
export const buildTrend = (ctx: CompanyContext): TrendView | null => {
  const earlier = ctx.history.slice(0, 5);
  if (!earlier.some((report) => report !== undefined)) return null;
  const months = [
    ...earlier.map((report, index) => ({ report, month: monthBefore(ctx.period, index + 1).month })).reverse(),
    { report: ctx.report, month: ctx.period.month },
  ];
  const { t, format, currency } = ctx;
  const label = (month: string) => formatMonth(month, ctx.words, 'LLL yyyy');
  // Only the amount carries a bar: one bar per row reads at a glance, and keeps the table small.
  const maxAmount = Math.max(0, ...months.map(({ report }) => report?.salesAmount ?? 0));
  const counts: [string, (report: CompanyReport) => number][] = [
    [t.kpi.sales, (report) => report.salesCount],
    [t.kpi.conversations, (report) => report.conversaciones],
  ];

  const adsByMonth = months.map(({ report, month }) => ({
    month,
    present: report !== undefined,
    ads:
      report && report.adsBreakdown.some((ad) => ad.spend > 0) ? analyzeAds(report.adsBreakdown, currency, ctx.group.exchangeRates) : null,
  }));
  const anyAds = adsByMonth.some((entry) => entry.ads !== null);

  return {
    headers: [t.trend.month, t.trend.revenue, ...counts.map(([name]) => name)],
    rows: months.map(({ report, month }) => ({
      month: label(month),
      current: month === ctx.period.month,
      cells: [
        report
          ? barCell(t.trend.revenue, format.money(report.salesAmount, currency), barWidth(report.salesAmount, maxAmount))
          : barCell(t.trend.revenue, DASH, 0),
        ...counts.map(([name, metric]) => barCell(name, report ? format.integer(metric(report)) : DASH, 0)),
      ],
    })),
    ads: anyAds
      ? {
          headers: [t.trend.month, t.trend.adSpend, roasHeader(format, t, currency)],
          rows: adsByMonth.map(({ month, present, ads }) => {
            // Spend in one currency, as in the ads section: converted where a rate exists, else the ads' own.
            const spend = !present
              ? DASH
              : ads === null
                ? format.money(0, currency)
                : ads.convertedSpend !== null
                  ? format.money(ads.convertedSpend, currency)
                  : ads.spend.map((item) => format.money(item.amount, item.currency)).join(' + ');
            return {
              month: label(month),
              current: month === ctx.period.month,
              spend,
              roas: ads?.roas != null ? roasAmount(format, currency, ads.roas) : DASH,
            };
          }),
        }
      : null,
  };
};
