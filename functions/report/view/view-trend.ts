// The six-month trend: conversations, sales and quotations per month, as bars.
import type { CompanyContext } from '../company/company-context.ts';
import { DASH, formatMonth } from '../format/format.ts';
import { barCell, barWidth, type BarCell } from './view-bars.ts';
import { monthBefore } from '../../shared/report-period.ts';

export interface TrendView {
  headers: string[];
  rows: { month: string; current: boolean; cells: BarCell[] }[];
}

/** Up to six months, oldest first, ending with the reported one; null without any earlier month. */
export const buildTrend = (ctx: CompanyContext): TrendView | null => {
  const earlier = ctx.history.slice(0, 5);
  if (!earlier.some((report) => report !== undefined)) return null;
  const months = [
    ...earlier.map((report, index) => ({ report, month: monthBefore(ctx.period, index + 1).month })).reverse(),
    { report: ctx.report, month: ctx.period.month },
  ];
  const { t } = ctx;
  const metrics: [string, (report: typeof ctx.report) => number][] = [
    [t.kpi.conversations, (report) => report.conversaciones],
    [t.kpi.sales, (report) => report.salesCount],
    [t.kpi.quotations, (report) => report.quotationsCount],
  ];
  const maxima = metrics.map(([, metric]) => Math.max(0, ...months.map(({ report }) => (report ? metric(report) : 0))));
  return {
    headers: [t.trend.month, ...metrics.map(([label]) => label)],
    rows: months.map(({ report, month }) => ({
      month: formatMonth(month, ctx.words, 'LLL yyyy'),
      current: month === ctx.period.month,
      cells: metrics.map(([label, metric], index) =>
        report ? barCell(label, ctx.format.integer(metric(report)), barWidth(metric(report), maxima[index] ?? 0)) : barCell(label, DASH, 0),
      ),
    })),
  };
};
