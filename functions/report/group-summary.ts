// The group summary email for the group's directors: the month's highlights, the companies that need
// attention, the top companies and the totals, bounded in size at any group size; every company is in
// the CSV attachment.
import Handlebars from 'handlebars/runtime';
import { companyName } from './company/company-context.ts';
import { csvDialect, toCsv, type CsvCell } from './company/csv-attachments.ts';
import { compare, describeDelta, type DeltaKind, type DeltaView } from './figures/deltas.ts';
import { cleanText, currencyCode, DASH, fill, joinList, plural } from './format/format.ts';
import { groupSummaryHtml, groupSummaryText, type LocaleStrings } from './generated/templates.ts';
import { localeContext, type GroupSettings } from './format/locale-context.ts';
import { salesRate } from './figures/rates.ts';
import { byRevenue, byStake, companyFigures, groupCurrency, type Attention, type CompanyFigures } from './group-attention.ts';
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
  adsBreakdown: Pick<CompanyReport['adsBreakdown'][number], 'spend' | 'currency' | 'salesAmount'>[];
};

/** The ads summed per spend currency: all the summary reads of them, a few entries however many ads. */
const adsByCurrency = (ads: CompanyReport['adsBreakdown']): SummaryFigures['adsBreakdown'] => {
  const totals = new Map<string | undefined, SummaryFigures['adsBreakdown'][number]>();
  for (const ad of ads) {
    const total = totals.get(ad.currency) ?? { spend: 0, currency: ad.currency, salesAmount: 0 };
    totals.set(ad.currency, { ...total, spend: total.spend + ad.spend, salesAmount: total.salesAmount + ad.salesAmount });
  }
  return [...totals.values()];
};

export const summaryFigures = (report: CompanyReport): SummaryFigures => ({
  data: { id: report.data.id, nombre: report.data.nombre, feature_flags: { currency: report.data.feature_flags.currency } },
  conversaciones: report.conversaciones,
  salesCount: report.salesCount,
  salesAmount: report.salesAmount,
  quotationsCount: report.quotationsCount,
  quotationsAmount: report.quotationsAmount,
  salesConversionRate: report.salesConversionRate,
  adsBreakdown: adsByCurrency(report.adsBreakdown),
});

export interface GroupSummaryInput {
  /** The group's name as its directors know it (config `displayName`), not the config slug. */
  groupName: string;
  /** `previous` is the company's month before, when known; without it no change is shown. */
  companies: { report: SummaryFigures; previous?: SummaryFigures | undefined }[];
  period: ReportPeriod;
  group: GroupSettings;
  /**
   * Configured companies left out because their month is not complete (a summary sent anyway). Only the
   * status: the run's reasons are for operators (English, SES's and IOBot's messages, recipient addresses).
   */
  missing?: { id?: number; name: string; status: string }[];
}

/**
 * What the email shows at most, whatever the group's size: Gmail clips HTML over about 102 KB, and the
 * summary must stay under 90 KB. Every company is in the CSV attachment.
 */
export const SUMMARY_LIMITS = { rows: 20, attention: 8, missing: 10, currencies: 5, nameUnits: 120 } as const;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A name cut to `units` UTF-16 code units (the bytes a name costs grow with those, not with graphemes:
 * one family emoji is 11 of them), at a grapheme boundary. Local to the summary: the company email has
 * its own room for a name, and the CSV keeps the whole name.
 */
const fitName = (text: string, units: number = SUMMARY_LIMITS.nameUnits): string => {
  if (text.length <= units) return text;
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > units - 1) break;
    kept += segment;
  }
  return `${kept.trimEnd()}…`;
};

/** The `limit` keys used by the most companies (then by code), and how many are left out. */
const mostUsed = <Key>(counts: Map<Key, number>, limit: number, order: (a: Key, b: Key) => number): { shown: Key[]; more: number } => {
  const ranked = [...counts].sort(([a, x], [b, y]) => y - x || order(a, b)).map(([key]) => key);
  return { shown: ranked.slice(0, limit).sort(order), more: Math.max(0, ranked.length - limit) };
};

const byCode = (a: string | null, b: string | null): number => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : a.localeCompare(b));

export interface ValueCell {
  value: string;
  delta: DeltaView | null;
}

export interface GroupRowView {
  name: string;
  salesAmount: ValueCell;
  sales: ValueCell;
  salesRate: ValueCell;
}

export interface CurrencyTotalView {
  currency: string;
  companies: string;
  salesAmount: ValueCell;
  quotationsAmount: ValueCell;
}

export interface AttentionView {
  /** 1, 2, 3…: the plain-text part numbers the list as the HTML's <ol> does. */
  rank: number;
  name: string;
  text: string;
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
  highlightsTitle: string;
  /** Sentences true for the data, or absent: revenue, how many grew, the best, conversion, ad spend. */
  highlights: string[];
  /** Ranked by money at stake (group-attention.ts); the first SUMMARY_LIMITS.attention. */
  attention: AttentionView[];
  attentionMore: string | null;
  /** The top SUMMARY_LIMITS.rows companies by revenue. */
  rows: GroupRowView[];
  /** Said when the table shows fewer companies than the group has. */
  shownOf: string | null;
  totals: { companies: string; conversations: ValueCell; sales: ValueCell; quotations: ValueCell };
  /** The SUMMARY_LIMITS.currencies currencies most companies use; the rest are said in `currenciesMore`. */
  currencies: CurrencyTotalView[];
  currenciesMore: string | null;
  footer: string;
  contact: string;
  /** Only on a summary sent with companies missing: who, and why. */
  missing?: { name: string; why: string }[];
  missingMore?: string;
}

type Entry = GroupSummaryInput['companies'][number];

/** Why a company is missing, for a director: plain words by status alone, never the operators' reason text. */
const whyMissing = (t: LocaleStrings, status: string): string =>
  status === 'failed'
    ? t.group.missingFailed
    : status === 'held'
      ? t.group.missingHeld
      : status === 'uncertain'
        ? t.group.missingUncertain
        : t.group.missingPending;

const round = (value: number | null, digits: number): number | null =>
  value === null || !Number.isFinite(value) ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/** A percentage as format.percentValue shows it (one decimal): changes in points are taken between these. */
const shownPoints = (value: number | null): number | null => round(value, 1);

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
 * Per ad currency, what the ads of `figures` spent: "USD 700.00 y EUR 20.00"; the currencies most
 * companies advertise in, then how many more.
 */
const spendByAdCurrency = (
  figures: CompanyFigures[],
  money: (value: number, code: string | null) => string,
  words: string,
  more: (count: number) => string,
) => {
  const spend = new Map<string, number>();
  const users = new Map<string, number>();
  for (const company of figures) {
    const codes = new Set<string>();
    for (const ad of company.report.adsBreakdown) {
      if (ad.spend <= 0) continue;
      const code = currencyCode(ad.currency) ?? '';
      spend.set(code, (spend.get(code) ?? 0) + ad.spend);
      codes.add(code);
    }
    for (const code of codes) users.set(code, (users.get(code) ?? 0) + 1);
  }
  if (spend.size === 0) return null;
  const { shown, more: left } = mostUsed(users, SUMMARY_LIMITS.currencies, (a, b) => a.localeCompare(b));
  const listed = shown.map((code) => money(spend.get(code) ?? 0, code || null));
  return joinList(left > 0 ? [...listed, more(left)] : listed, words);
};

const buildGroup = (input: GroupSummaryInput) => {
  const context = localeContext(input.period, input.group);
  const { language, t, format, words, month: monthNames, previousMonth } = context;
  const month = monthNames.label;
  const groupName = fitName(cleanText(input.groupName, 80), 80);
  const rates = input.group.exchangeRates ?? {};

  const cell = (value: string, current: number | null, previous: number | null | undefined, kind: DeltaKind): ValueCell => ({
    value,
    delta: previous === undefined ? null : describeDelta(compare(current, previous, kind), kind, format, t.delta),
  });

  const currency = groupCurrency(input.companies.map((entry) => entry.report));
  const figures = input.companies
    .map((entry) => companyFigures(entry.report, entry.previous, currency, rates))
    .sort((a, b) => byRevenue(a, b) || b.report.salesCount - a.report.salesCount || a.report.data.id - b.report.data.id);
  const nameOf = (company: CompanyFigures) => fitName(companyName(company.report, t));
  const companies = (count: number) => plural(t.counts.companies, count, language, { count: format.integer(count) });
  const moreCurrencies = (count: number) => plural(t.group.moreCurrencies, count, language, { count: format.integer(count) });
  const csvFile = fill(t.group.csvFile, { month: input.period.month });

  // ---- highlights: each sentence true for the data, or left out
  const highlights: string[] = [];
  const convertible = figures.filter((company) => company.toGroup !== null);
  if (currency !== null && convertible.length > 0) {
    const inGroup = (company: CompanyFigures, report: SummaryFigures | undefined) => (report?.salesAmount ?? 0) * (company.toGroup ?? 0);
    const revenue = convertible.reduce((total, company) => total + inGroup(company, company.report), 0);
    const before = convertible.every((company) => company.previous)
      ? convertible.reduce((total, company) => total + inGroup(company, company.previous), 0)
      : undefined;
    const amount = format.money(revenue, currency);
    const delta = cell(amount, revenue, before, 'relative').delta;
    highlights.push(
      delta
        ? fill(t.group.revenueChange, { amount, month, delta: delta.text, previousMonth: previousMonth.label })
        : fill(t.group.revenue, { amount, month }),
    );
    const leftOut = figures.length - convertible.length;
    if (leftOut > 0) highlights.push(fill(t.group.revenueLeftOut, { companies: companies(leftOut), currency }));
  }
  const compared = figures.filter((company) => company.previous);
  if (compared.length > 0) {
    const up = compared.filter((company) => company.report.salesAmount > (company.previous?.salesAmount ?? 0)).length;
    const grown = { up: format.integer(up), total: format.integer(compared.length), previousMonth: previousMonth.label };
    highlights.push(fill(up === compared.length && up > 1 ? t.group.growingAll : t.group.growing, grown));
    const best = compared
      .filter((company) => company.toGroup !== null && company.report.salesAmount > (company.previous?.salesAmount ?? 0))
      .sort(
        (a, b) =>
          (b.report.salesAmount - (b.previous?.salesAmount ?? 0)) * (b.toGroup ?? 0) -
          (a.report.salesAmount - (a.previous?.salesAmount ?? 0)) * (a.toGroup ?? 0),
      )[0];
    if (best && compared.length > 1) {
      const gain = best.report.salesAmount - (best.previous?.salesAmount ?? 0);
      const delta = cell('', best.report.salesAmount, best.previous?.salesAmount, 'relative').delta;
      highlights.push(
        fill(t.group.best, {
          name: nameOf(best),
          amount: format.money(gain, best.currency),
          previousMonth: previousMonth.label,
          delta: delta?.text ?? '',
        }),
      );
    }
  }
  const conversations = sum(input.companies, (r) => r.conversaciones);
  if (conversations > 0) {
    const rate = (sum(input.companies, (r) => r.salesCount) / conversations) * 100;
    const previousConversations = sumPrevious(input.companies, (r) => r.conversaciones);
    const previousSales = sumPrevious(input.companies, (r) => r.salesCount);
    const before = previousConversations ? ((previousSales ?? 0) / previousConversations) * 100 : undefined;
    const shown = format.percentValue(rate);
    const delta = cell(shown, shownPoints(rate), before === undefined ? undefined : shownPoints(before), 'points').delta;
    highlights.push(delta ? fill(t.group.conversionChange, { rate: shown, delta: delta.text }) : fill(t.group.conversion, { rate: shown }));
  }
  const advertising = figures.filter((company) => company.report.adsBreakdown.some((ad) => ad.spend > 0));
  // The spend adds up when the ads' currency converts (as the CSV's column has it); what the ads sold is
  // in the company's own currency, which may not.
  const adsConverted = advertising.filter((company) => company.adSpendInGroup !== null);
  if (currency !== null && adsConverted.length > 0) {
    const spend = format.money(
      adsConverted.reduce((total, company) => total + (company.adSpendInGroup ?? 0), 0),
      currency,
    );
    const sales = format.money(
      adsConverted.reduce((total, company) => total + company.adSales * (company.toGroup ?? 0), 0),
      currency,
    );
    const foreign = adsConverted.some((company) => company.report.adsBreakdown.some((ad) => currencyCode(ad.currency) !== currency));
    const original = foreign ? spendByAdCurrency(adsConverted, format.money, words, moreCurrencies) : null;
    highlights.push(original ? fill(t.group.adSpendConverted, { spend, original, sales }) : fill(t.group.adSpend, { spend, sales }));
    const salesLeftOut = adsConverted.filter((company) => company.toGroup === null).length;
    if (salesLeftOut > 0) {
      highlights.push(plural(t.group.adSalesLeftOut, salesLeftOut, language, { count: format.integer(salesLeftOut), currency }));
    }
  }
  const adsUnconverted = advertising.filter((company) => !adsConverted.includes(company));
  const unconverted = spendByAdCurrency(adsUnconverted, format.money, words, moreCurrencies);
  if (unconverted) highlights.push(fill(t.group.adSpendUnconverted, { spend: unconverted, currency: currency ?? t.group.noCurrency }));

  // ---- attention: every signal of every company, most money first
  const signals = figures.flatMap((company) => company.attention.map((attention) => ({ company, attention })));
  signals.sort((a, b) => byStake(a.attention, b.attention) || a.company.report.data.id - b.company.report.data.id);
  const describe = (company: CompanyFigures, attention: Attention): string => {
    const money = (value: number) => format.money(value, company.currency);
    const { report, previous } = company;
    switch (attention.kind) {
      case 'revenueDrop':
        return fill(t.group.attentionRevenueDrop, {
          amount: money(attention.amount),
          delta: cell('', report.salesAmount, previous?.salesAmount, 'relative').delta?.text ?? '',
          previousMonth: previousMonth.label,
        });
      case 'adLoss':
        return company.adSales > 0
          ? fill(t.group.attentionAdLoss, { spend: money(company.adSpend ?? 0), sales: money(company.adSales) })
          : fill(t.group.attentionAdNoSales, { spend: money(company.adSpend ?? 0) });
      case 'conversionFall': {
        // The change the reader can check: the difference of the rates as shown (one decimal).
        const now = shownPoints(salesRate(report));
        const before = previous ? shownPoints(salesRate(previous)) : null;
        return fill(t.group.attentionConversion, {
          before: format.percentValue(before),
          now: format.percentValue(now),
          delta: cell('', now, before, 'points').delta?.text ?? '',
        });
      }
    }
  };

  return { context, month, groupName, currency, figures, cell, companies, moreCurrencies, nameOf, csvFile, highlights, signals, describe };
};

/**
 * The group summary's view: highlights, the ranked attention list, the top companies by revenue, counts
 * totalled across the group and amounts per currency, with changes only where every company's previous
 * month is known.
 */
export const buildGroupView = (input: GroupSummaryInput): GroupView => {
  const { context, month, groupName, figures, cell, companies, moreCurrencies, nameOf, csvFile, highlights, signals, describe } =
    buildGroup(input);
  const { language, t, format, previousMonth, range, footer, contact } = context;
  const entries = input.companies;

  const rows = figures.slice(0, SUMMARY_LIMITS.rows).map((company): GroupRowView => {
    const { report, previous } = company;
    const currency = currencyCode(report.data.feature_flags.currency);
    return {
      name: nameOf(company),
      salesAmount: cell(format.money(report.salesAmount, currency), report.salesAmount, previous?.salesAmount, 'relative'),
      sales: cell(format.integer(report.salesCount), report.salesCount, previous?.salesCount, 'relative'),
      salesRate: cell(
        format.percentValue(salesRate(report)),
        shownPoints(salesRate(report)),
        previous ? shownPoints(salesRate(previous)) : undefined,
        'points',
      ),
    };
  });

  // Counts add up across companies; amounts only within one currency. A company whose currency is
  // unknown cannot be added to anything.
  const byCurrency = new Map<string | null, Entry[]>();
  for (const entry of entries) {
    const code = currencyCode(entry.report.data.feature_flags.currency);
    byCurrency.set(code, [...(byCurrency.get(code) ?? []), entry]);
  }
  // A hostile group could use every ISO currency: the ones most companies use, the rest in the CSV.
  const { shown: shownCurrencies, more: currenciesLeft } = mostUsed(
    new Map([...byCurrency].map(([code, members]) => [code, members.length])),
    SUMMARY_LIMITS.currencies,
    byCode,
  );
  const currencies = shownCurrencies
    .map((code): [string | null, Entry[]] => [code, byCurrency.get(code) ?? []])
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

  const total = (value: (report: SummaryFigures) => number): ValueCell => {
    const current = sum(entries, value);
    return cell(format.integer(current), current, sumPrevious(entries, value) ?? undefined, 'relative');
  };
  const counted = (kind: 'sales' | 'quotations', value: number) =>
    plural(t.counts[kind], value, language, { count: format.integer(value) });
  const anyPrevious = entries.some((entry) => entry.previous);
  const missing = input.missing ?? [];
  const missingWhy = (status: string) => whyMissing(t, status);

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
    highlightsTitle: fill(t.group.highlightsTitle, { month }),
    highlights,
    attention: signals.slice(0, SUMMARY_LIMITS.attention).map(({ company, attention }, index) => ({
      rank: index + 1,
      name: nameOf(company),
      text: describe(company, attention),
    })),
    attentionMore:
      signals.length > SUMMARY_LIMITS.attention
        ? plural(t.group.attentionMore, signals.length - SUMMARY_LIMITS.attention, language, {
            count: format.integer(signals.length - SUMMARY_LIMITS.attention),
            file: csvFile,
          })
        : null,
    rows,
    shownOf:
      figures.length > rows.length
        ? fill(t.group.shownOf, { shown: format.integer(rows.length), total: format.integer(figures.length), file: csvFile })
        : null,
    totals: {
      companies: companies(entries.length),
      conversations: total((r) => r.conversaciones),
      sales: total((r) => r.salesCount),
      quotations: total((r) => r.quotationsCount),
    },
    currencies,
    currenciesMore: currenciesLeft > 0 ? fill(t.group.currenciesMore, { more: moreCurrencies(currenciesLeft), file: csvFile }) : null,
    footer,
    contact,
    ...(missing.length
      ? {
          missing: missing.slice(0, SUMMARY_LIMITS.missing).map((company) => ({
            name: fitName(cleanText(company.name, 80), 80),
            why: missingWhy(company.status),
          })),
          ...(missing.length > SUMMARY_LIMITS.missing
            ? { missingMore: fill(t.group.missingMore, { count: format.integer(missing.length - SUMMARY_LIMITS.missing), file: csvFile }) }
            : {}),
        }
      : {}),
  };
};

/** Every company of the summary, one row each, most revenue first: what the email's top rows leave out. */
export const groupSummaryCsv = (input: GroupSummaryInput): { filename: string; content: string; contentType: string } => {
  const { context, currency, figures, csvFile, describe } = buildGroup(input);
  const h = context.t.group.csv;
  const rows = figures.map((company): CsvCell[] => {
    const { report, previous } = company;
    const adCurrencies = [...new Set(report.adsBreakdown.filter((ad) => ad.spend > 0).map((ad) => currencyCode(ad.currency) ?? ''))];
    const adSpend = report.adsBreakdown.reduce((total, ad) => total + ad.spend, 0);
    const change =
      previous && previous.salesAmount !== 0 ? ((report.salesAmount - previous.salesAmount) / previous.salesAmount) * 100 : null;
    return [
      report.data.id,
      companyName(report, context.t),
      company.currency,
      report.conversaciones,
      report.salesCount,
      report.salesAmount,
      previous ? previous.salesAmount : null,
      round(change, 1),
      report.quotationsCount,
      report.quotationsAmount,
      round(salesRate(report), 1),
      previous ? round(salesRate(previous), 1) : null,
      adCurrencies.length === 1 ? adSpend : null,
      adCurrencies.join(' '),
      company.adSpendInGroup === null ? null : round(company.adSpendInGroup, 2),
      report.adsBreakdown.length > 0 ? company.adSales : null,
      company.attention.map((attention) => describe(company, attention)).join('; '),
    ];
  });
  const header = [
    h.id,
    h.company,
    h.currency,
    h.conversations,
    h.sales,
    h.salesAmount,
    h.previousSalesAmount,
    h.salesAmountChange,
    h.quotations,
    h.quotationsAmount,
    h.salesRate,
    h.previousSalesRate,
    h.adSpend,
    h.adSpendCurrency,
    fill(h.adSpendInGroupCurrency, { currency: currency ?? context.t.group.noCurrency }),
    h.adSales,
    h.attention,
  ];
  // The companies missing from a summary sent anyway: the email lists ten, the CSV every one, no figures.
  const missing = (input.missing ?? []).map((company): CsvCell[] => [
    company.id ?? null,
    company.name,
    ...Array.from({ length: header.length - 3 }, () => null),
    fill(h.missing, { why: whyMissing(context.t, company.status) }),
  ]);
  return {
    filename: csvFile,
    content: toCsv(header, [...rows, ...missing], csvDialect(input.group.locale)),
    contentType: 'text/csv; charset=utf-8',
  };
};

/** One email for the group's directors: highlights, who needs attention, the top companies; every company in the CSV. */
export const renderGroupSummaryEmail = (input: GroupSummaryInput): RenderedEmail => {
  const view = buildGroupView(input);
  const fromName = input.group.branding?.senderName;
  return {
    subject: view.subject,
    preheader: view.preheader,
    html: render.html(view),
    text: render.text(view),
    attachments: input.companies.length > 0 ? [groupSummaryCsv(input)] : [],
    ...(fromName ? { fromName } : {}),
  };
};
