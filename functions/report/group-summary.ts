// The group summary email for the group's directors: one row per company, totals, ad spend.
import Handlebars from 'handlebars/runtime';
import { companyName } from './company/company-context.ts';
import { compare, describeDelta, type DeltaKind, type DeltaView } from './figures/deltas.ts';
import { cleanText, currencyCode, DASH, fill, joinList, plural } from './format/format.ts';
import { groupSummaryHtml, groupSummaryText, type LocaleStrings } from './generated/templates.ts';
import { localeContext, type GroupSettings } from './format/locale-context.ts';
import { salesRate } from './figures/rates.ts';
import type { ReportPeriod } from '../shared/report-period.ts';
import type { RenderedEmail } from '../shared/rendered-email.ts';
import type { CompanyReport } from '../iobot/report-schema.ts';

/**
 * What the summary reads of one company's month. A run keeps this, not the whole report, for every
 * company until its last page is delivered: about 200 bytes a company instead of the report's 3–30 KB,
 * so a group of thousands still fits in the memory a page needs.
 */
export type SummaryFigures = Pick<
  CompanyReport,
  'conversaciones' | 'salesCount' | 'salesAmount' | 'quotationsCount' | 'quotationsAmount' | 'salesConversionRate'
> & {
  data: Pick<CompanyReport['data'], 'id' | 'nombre'> & { feature_flags: Pick<CompanyReport['data']['feature_flags'], 'currency'> };
  adsBreakdown: Pick<CompanyReport['adsBreakdown'][number], 'spend' | 'currency'>[];
};

export const summaryFigures = (report: CompanyReport): SummaryFigures => ({
  data: { id: report.data.id, nombre: report.data.nombre, feature_flags: { currency: report.data.feature_flags.currency } },
  conversaciones: report.conversaciones,
  salesCount: report.salesCount,
  salesAmount: report.salesAmount,
  quotationsCount: report.quotationsCount,
  quotationsAmount: report.quotationsAmount,
  salesConversionRate: report.salesConversionRate,
  adsBreakdown: report.adsBreakdown.map((ad) => ({ spend: ad.spend, currency: ad.currency })),
});

export interface GroupSummaryInput {
  groupName: string;
  /** `previous` is the company's month before, when known; without it no change is shown. */
  companies: { report: SummaryFigures; previous?: SummaryFigures | undefined }[];
  period: ReportPeriod;
  group: GroupSettings;
  /** Configured companies left out because their month is not complete (a summary sent anyway). */
  missing?: { name: string; status: string; reason: string }[];
}

export interface ValueCell {
  value: string;
  delta: DeltaView | null;
}

export interface GroupRowView {
  name: string;
  conversations: ValueCell;
  sales: ValueCell;
  salesAmount: ValueCell;
  quotations: ValueCell;
  quotationsAmount: ValueCell;
  salesRate: ValueCell;
}

export interface CurrencyTotalView {
  currency: string;
  companies: string;
  salesAmount: ValueCell;
  quotationsAmount: ValueCell;
}

export interface GroupView {
  lang: string;
  t: LocaleStrings;
  subject: string;
  preheader: string;
  title: string;
  month: string;
  range: string;
  comparedWith: string | null;
  rows: GroupRowView[];
  totals: { companies: string; conversations: ValueCell; sales: ValueCell; quotations: ValueCell };
  currencies: CurrencyTotalView[];
  adSpend: string | null;
  footer: string;
  contact: string;
  /** Only on a summary sent with companies missing: who, and why. */
  missing?: { name: string; why: string }[];
}

type Entry = GroupSummaryInput['companies'][number];

const render = {
  html: Handlebars.template(groupSummaryHtml) as (view: GroupView) => string,
  text: Handlebars.template(groupSummaryText) as (view: GroupView) => string,
};

const sum = (entries: Entry[], value: (report: SummaryFigures) => number): number =>
  entries.reduce((total, entry) => total + value(entry.report), 0);

const sumPrevious = (entries: Entry[], value: (report: SummaryFigures) => number): number | null =>
  entries.every((entry) => entry.previous)
    ? entries.reduce((total, entry) => total + (entry.previous ? value(entry.previous) : 0), 0)
    : null;

/**
 * The group summary's view: a row per company (most sales first), counts totalled across the group
 * and amounts per currency, with changes only where every company's previous month is known.
 */
export const buildGroupView = (input: GroupSummaryInput): GroupView => {
  const { language, t, format, words, month: monthNames, previousMonth, range, footer, contact } = localeContext(input.period, input.group);
  const month = monthNames.label;
  const groupName = cleanText(input.groupName, 80);

  const cell = (value: string, current: number | null, previous: number | null | undefined, kind: DeltaKind): ValueCell => ({
    value,
    delta: previous === undefined ? null : describeDelta(compare(current, previous, kind), kind, format, t.delta),
  });

  const entries = [...input.companies].sort(
    (a, b) => b.report.salesCount - a.report.salesCount || companyName(a.report, t).localeCompare(companyName(b.report, t), words),
  );

  const rows = entries.map(({ report, previous }): GroupRowView => {
    const currency = currencyCode(report.data.feature_flags.currency);
    const before = <T>(value: (report: SummaryFigures) => T): T | undefined => (previous ? value(previous) : undefined);
    return {
      name: companyName(report, t),
      conversations: cell(
        format.integer(report.conversaciones),
        report.conversaciones,
        before((r) => r.conversaciones),
        'relative',
      ),
      sales: cell(
        format.integer(report.salesCount),
        report.salesCount,
        before((r) => r.salesCount),
        'relative',
      ),
      salesAmount: cell(
        format.money(report.salesAmount, currency),
        report.salesAmount,
        before((r) => r.salesAmount),
        'relative',
      ),
      quotations: cell(
        format.integer(report.quotationsCount),
        report.quotationsCount,
        before((r) => r.quotationsCount),
        'relative',
      ),
      quotationsAmount: cell(
        format.money(report.quotationsAmount, currency),
        report.quotationsAmount,
        before((r) => r.quotationsAmount),
        'relative',
      ),
      salesRate: cell(format.percentValue(salesRate(report)), salesRate(report), before(salesRate), 'points'),
    };
  });

  // Counts add up across companies; amounts only within one currency. A company whose currency is
  // unknown cannot be added to anything.
  const byCurrency = new Map<string | null, Entry[]>();
  for (const entry of entries) {
    const code = currencyCode(entry.report.data.feature_flags.currency);
    byCurrency.set(code, [...(byCurrency.get(code) ?? []), entry]);
  }
  const companies = (count: number) => plural(t.counts.companies, count, language, { count: format.integer(count) });
  const currencies = [...byCurrency]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([code, members]): CurrencyTotalView => {
      const amount = (value: (report: SummaryFigures) => number): ValueCell => {
        if (code === null) return { value: DASH, delta: null };
        const total = sum(members, value);
        return cell(format.money(total, code), total, sumPrevious(members, value) ?? undefined, 'relative');
      };
      return {
        currency: code ?? t.group.noCurrency,
        companies: companies(members.length),
        salesAmount: amount((report) => report.salesAmount),
        quotationsAmount: amount((report) => report.quotationsAmount),
      };
    });

  const spend = new Map<string, number>();
  for (const entry of entries) {
    for (const ad of entry.report.adsBreakdown) {
      const code = currencyCode(ad.currency) ?? '';
      spend.set(code, (spend.get(code) ?? 0) + ad.spend);
    }
  }
  const adSpend =
    spend.size > 0
      ? joinList(
          [...spend].sort(([a], [b]) => a.localeCompare(b)).map(([code, amount]) => format.money(amount, code || null)),
          words,
        )
      : null;

  const total = (value: (report: SummaryFigures) => number): ValueCell => {
    const current = sum(entries, value);
    return cell(format.integer(current), current, sumPrevious(entries, value) ?? undefined, 'relative');
  };
  const counted = (kind: 'sales' | 'quotations', value: number) =>
    plural(t.counts[kind], value, language, { count: format.integer(value) });
  const anyPrevious = entries.some((entry) => entry.previous);

  return {
    lang: language,
    t,
    subject: cleanText(fill(t.group.subject, { group: groupName, month })),
    preheader: cleanText(
      fill(t.group.preheader, {
        companies: companies(entries.length),
        sales: counted(
          'sales',
          sum(entries, (r) => r.salesCount),
        ),
        quotations: counted(
          'quotations',
          sum(entries, (r) => r.quotationsCount),
        ),
        month,
      }),
      140,
    ),
    title: fill(t.group.title, { group: groupName }),
    month,
    range,
    comparedWith: anyPrevious ? fill(t.comparedWith, { month: previousMonth.label }) : null,
    rows,
    totals: {
      companies: companies(entries.length),
      conversations: total((r) => r.conversaciones),
      sales: total((r) => r.salesCount),
      quotations: total((r) => r.quotationsCount),
    },
    currencies,
    adSpend,
    footer,
    contact,
    ...(input.missing?.length
      ? {
          missing: input.missing.map((company) => ({
            name: cleanText(company.name, 80),
            why: company.status === 'held' ? t.group.missingHeld : fill(t.group.missingNotSent, { reason: cleanText(company.reason, 160) }),
          })),
        }
      : {}),
  };
};

/** One email for the group's directors: a row per company and totals that never mix currencies. */
export const renderGroupSummaryEmail = (input: GroupSummaryInput): RenderedEmail => {
  const view = buildGroupView(input);
  const fromName = input.group.branding?.senderName;
  return {
    subject: view.subject,
    preheader: view.preheader,
    html: render.html(view),
    text: render.text(view),
    attachments: [],
    ...(fromName ? { fromName } : {}),
  };
};
