import type { CompanyContext } from './company-context.ts';
import { compare, describeDelta, type DeltaKind, type DeltaView, type PointsUnit } from './deltas.ts';
import { cleanText, DASH, fill, formatMonth, httpsUrl, plural, ratio } from './format.ts';
import type { LocaleStrings } from './generated/templates.ts';
import { headlines, joinList } from './headlines.ts';
import { definedRate } from './rates.ts';
import { monthBefore } from '../shared/report-period.ts';

/**
 * Everything the HTML and the text templates show, already formatted. Both templates read this one
 * object, so the text part can never disagree with the HTML. Every field is present (null when
 * absent) because the templates are compiled in Handlebars' strict mode.
 */
export interface CompanyView {
  lang: string;
  t: LocaleStrings;
  subject: string;
  preheader: string;
  company: string;
  month: string;
  range: string;
  logo: { url: string; alt: string } | null;
  comparedWith: string | null;
  notes: string[];
  headlines: string[];
  kpis: KpiView[];
  /** The same cards, two per row, for the HTML grid. */
  kpiRows: KpiView[][];
  split: SplitRowView[];
  trend: TrendView | null;
  tags: TableView<TagView> | null;
  agents: TableView<AgentView> | null;
  ads: AdsView | null;
  attachments: string | null;
  footer: string;
}

export interface KpiView {
  label: string;
  value: string;
  delta: DeltaView | null;
  detail: { value: string; delta: DeltaView | null } | null;
}

export interface SplitCellView {
  count: string;
  amount: string;
  share: string | null;
}

export interface SplitRowView {
  label: string;
  sub: boolean;
  meta: SplitCellView;
  organic: SplitCellView;
  /** Widths (percent) of a stacked Meta/organic bar; null when there is nothing to split. */
  bar: { meta: number; organic: number } | null;
}

export interface BarCell {
  /** For the text part, which has no column headers. */
  label: string;
  value: string;
  /** Bar width in percent of the largest value; 0 draws no bar. */
  bar: number;
  rest: number;
}

export interface TrendView {
  headers: string[];
  rows: { month: string; current: boolean; cells: BarCell[] }[];
}

export interface TableView<Row> {
  rows: Row[];
  /** "… y 135 más en el adjunto agentes-….csv", or null when nothing was cut. */
  more: string | null;
}

export interface TagView extends BarCell {
  name: string;
}

export interface AgentView {
  name: string;
  tickets: string;
  conversations: string;
  sales: string;
  salesAmount: string;
  quotations: string;
  quotationsAmount: string;
}

export interface AdView {
  name: string;
  image: { url: string; alt: string } | null;
  spend: string;
  sales: string;
  quotations: string;
  costPerSale: string;
  costPerQuotation: string;
  roas: string;
  /** "Gastó sin ventas" for ads that spent and sold nothing. */
  flag: string | null;
}

export interface AdsView extends TableView<AdView> {
  notes: string[];
}

// Long names wrap table columns on a 375 px screen and cost bytes; the CSV carries them in full.
const NAME_LENGTH = { agent: 40, ad: 50, tag: 40 } as const;

/** Bar width for `value` against `max`; at least 1 % so a small non-zero value still shows. */
export const barWidth = (value: number, max: number): number => {
  const share = ratio(value, max);
  if (share === null || share <= 0) return 0;
  return Math.min(100, Math.max(1, Math.round(share * 100)));
};

const barCell = (label: string, value: string, width: number): BarCell => ({ label, value, bar: width, rest: 100 - width });

const more = (ctx: CompanyContext, total: number, shown: number, file: string): string | null =>
  total > shown ? plural(ctx.t.more, total - shown, ctx.language, { count: ctx.format.integer(total - shown), file }) : null;


const buildKpis = (ctx: CompanyContext): KpiView[] => {
  const { report: r, t, format, currency } = ctx;
  const p = ctx.comparison === 'available' ? ctx.previous : null;
  const delta = (
    current: number | null,
    previous: (report: NonNullable<typeof p>) => number | null,
    kind: DeltaKind,
    unit: PointsUnit = 'points',
  ): DeltaView | null => (p ? describeDelta(compare(current, previous(p), kind), kind, format, t.delta, unit) : null);

  const count = (label: string, value: number, before: (x: NonNullable<typeof p>) => number): KpiView => ({
    label,
    value: format.integer(value),
    delta: delta(value, before, 'relative'),
    detail: null,
  });
  const withAmount = (kpi: KpiView, amount: number, before: (x: NonNullable<typeof p>) => number): KpiView => ({
    ...kpi,
    detail: { value: format.money(amount, currency), delta: delta(amount, before, 'relative') },
  });
  const rate = (
    label: string,
    value: (x: typeof r) => number,
    denominator: (x: typeof r) => number,
    render: (value: number | null) => string,
    unit: PointsUnit = 'points',
  ): KpiView => {
    const current = definedRate(value(r), denominator(r));
    return {
      label,
      value: render(current),
      delta: delta(current, (x) => definedRate(value(x), denominator(x)), 'points', unit),
      detail: null,
    };
  };
  const percent = (value: number | null) => format.percentValue(value);
  const temperature = (value: number | null) => format.decimal(value, 1);

  return [
    count(t.kpi.conversations, r.conversaciones, (x) => x.conversaciones),
    withAmount(count(t.kpi.sales, r.salesCount, (x) => x.salesCount), r.salesAmount, (x) => x.salesAmount),
    withAmount(count(t.kpi.quotations, r.quotationsCount, (x) => x.quotationsCount), r.quotationsAmount, (x) => x.quotationsAmount),
    rate(t.kpi.salesRate, (x) => x.salesConversionRate, (x) => x.conversaciones, percent),
    rate(t.kpi.quotationRate, (x) => x.qoutationConversionRate, (x) => x.conversaciones, percent),
    rate(t.kpi.quotationToSalesRate, (x) => x.qoutationToSalesConversionRate, (x) => x.quotationsCount, percent),
    rate(t.kpi.temperature, (x) => x.averageTemperature, (x) => x.conversaciones, temperature, 'temperature'),
    rate(t.kpi.agentTemperature, (x) => x.averageAgentTemperature, (x) => x.conversaciones, temperature, 'temperature'),
  ];
};

const pairs = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / 2) }, (_, index) => items.slice(index * 2, index * 2 + 2));

const buildSplit = (ctx: CompanyContext): SplitRowView[] => {
  const { report: r, t, format, currency } = ctx;
  const cell = (count: number, amount: number, total: number | null): SplitCellView => ({
    count: format.integer(count),
    amount: format.money(amount, currency),
    share: total === null ? null : format.share(ratio(count, total)),
  });
  const main = (label: string, total: number, meta: [number, number], organic: [number, number]): SplitRowView => {
    // The bar splits what was attributed, so it always fills its width even if IOBot's parts and
    // total disagree (the data checks report that separately).
    const parts = meta[0] + organic[0];
    const metaWidth = parts > 0 ? Math.round((meta[0] / parts) * 100) : 0;
    return {
      label,
      sub: false,
      meta: cell(meta[0], meta[1], total),
      organic: cell(organic[0], organic[1], total),
      bar: parts > 0 ? { meta: metaWidth, organic: 100 - metaWidth } : null,
    };
  };
  const sub = (label: string, meta: [number, number], organic: [number, number]): SplitRowView => ({
    label,
    sub: true,
    meta: cell(meta[0], meta[1], null),
    organic: cell(organic[0], organic[1], null),
    bar: null,
  });
  return [
    main(t.split.sales, r.salesCount, [r.salesThatChatHasAnuncioIdCount, r.salesThatChatHasAnuncioId], [r.salesThatDoesntHaveAnuncioIdCount, r.salesThatDoesntHaveAnuncioId]),
    main(t.split.quotations, r.quotationsCount, [r.quotationsThatChatHasAnuncioIdCount, r.quotationsThatChatHasAnuncioId], [r.quotationsThatDoesntHaveAnuncioIdCount, r.quotationsThatDoesntHaveAnuncioId]),
    sub(t.split.pdf, [r.quotationsThatChatHasAnuncioIdAndSourceIsPdfCount, r.quotationsThatChatHasAnuncioIdAndSourceIsPdf], [r.quotationsThatDoesntHaveAnuncioIdAndSourceIsPdfCount, r.quotationsThatDoesntHaveAnuncioIdAndSourceIsPdf]),
    sub(t.split.message, [r.quotationsThatChatHasAnuncioIdAndSourceIsMessageCount, r.quotationsThatChatHasAnuncioIdAndSourceIsMessage], [r.quotationsThatDoesntHaveAnuncioIdAndSourceIsMessageCount, r.quotationsThatDoesntHaveAnuncioIdAndSourceIsMessage]),
  ];
};

/** Up to six months, oldest first, ending with the reported one; null without any earlier month. */
const buildTrend = (ctx: CompanyContext): TrendView | null => {
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
        report
          ? barCell(label, ctx.format.integer(metric(report)), barWidth(metric(report), maxima[index] ?? 0))
          : barCell(label, DASH, 0),
      ),
    })),
  };
};

const buildTags = (ctx: CompanyContext, maxRows: number): TableView<TagView> | null => {
  if (ctx.tags.length === 0) return null;
  const max = ctx.tags[0]?.count ?? 0;
  return {
    rows: ctx.tags.slice(0, maxRows).map((tag) => ({
      name: cleanText(tag.name, NAME_LENGTH.tag) || DASH,
      ...barCell(ctx.t.tags.count, ctx.format.integer(tag.count), barWidth(tag.count, max)),
    })),
    more: more(ctx, ctx.tags.length, maxRows, ctx.files.tags),
  };
};

const buildAgents = (ctx: CompanyContext, maxRows: number): TableView<AgentView> | null => {
  if (ctx.agents.length === 0) return null;
  const { format, currency } = ctx;
  return {
    rows: ctx.agents.slice(0, maxRows).map((agent) => ({
      name: cleanText(agent.agente, NAME_LENGTH.agent) || DASH,
      tickets: [agent.completados, agent.cancelados, agent.pendientes, agent.proceso].map(format.integer).join(' / '),
      conversations: format.integer(agent.conversaciones),
      sales: format.integer(agent.ventas),
      salesAmount: format.money(agent.ventasAmount, currency),
      quotations: format.integer(agent.cotizaciones),
      quotationsAmount: format.money(agent.cotizacionesAmount, currency),
    })),
    more: more(ctx, ctx.agents.length, maxRows, ctx.files.agents),
  };
};

const buildAds = (ctx: CompanyContext, maxRows: number): AdsView | null => {
  const { ads, t, format, currency } = ctx;
  if (ads.sorted.length === 0) return null;
  // Below 1× the second decimal matters: 0.04× and 0.4× are very different losses.
  const roasText = (value: number) => fill(t.ads.roasValue, { value: format.decimal(value, value < 1 ? 2 : 1) });
  const notes = [fill(t.ads.totalSpend, { amount: joinList(ads.spend.map((item) => format.money(item.amount, item.currency)), ctx.words) })];
  if (ads.roas !== null) notes.push(fill(t.ads.roasTotal, { value: roasText(ads.roas) }));
  for (const conversion of ads.conversions) {
    notes.push(fill(t.ads.roasConverted, { ...conversion, rate: format.decimal(conversion.rate, 4) }));
  }
  const unconvertible = ads.spend.filter((item) => item.currency && item.currency !== currency && item.amount > 0);
  if (ads.roas === null && currency && unconvertible.length > 0) {
    notes.push(fill(t.ads.roasUnavailable, { spend: joinList(unconvertible.map((item) => item.currency ?? ''), ctx.words), sales: currency }));
  }
  return {
    rows: ads.sorted.slice(0, maxRows).map((row) => {
      const name = cleanText(row.ad.name, NAME_LENGTH.ad) || cleanText(row.ad.adId, NAME_LENGTH.ad) || DASH;
      const imageUrl = httpsUrl(row.ad.imageUrl);
      return {
        name,
        // The name sits right next to the thumbnail: repeating it in alt text would be read twice.
        image: imageUrl ? { url: imageUrl, alt: t.ads.imageAlt } : null,
        spend: format.money(row.ad.spend, row.spendCurrency),
        sales: format.integer(row.ad.sales),
        quotations: format.integer(row.ad.quotations),
        costPerSale: format.money(row.costPerSale, row.spendCurrency),
        costPerQuotation: format.money(row.costPerQuotation, row.spendCurrency),
        roas: row.roas === null ? DASH : roasText(row.roas),
        flag: row.spentWithoutSales ? t.ads.noSales : null,
      };
    }),
    more: more(ctx, ads.sorted.length, maxRows, ctx.files.ads),
    notes,
  };
};

/** Preview text: the first headlines, short enough for an inbox line. */
const PREHEADER_LENGTH = 140;

export const buildCompanyView = (ctx: CompanyContext, maxRows: number, attachments: string[]): CompanyView => {
  const { t } = ctx;
  const logoUrl = httpsUrl(ctx.report.data.img_wa);
  const kpis = buildKpis(ctx);
  const lines = headlines(ctx).map((headline) => headline.text);
  const { range } = ctx;
  return {
    lang: ctx.language,
    t,
    subject: cleanText(fill(t.subject, { company: cleanText(ctx.company, 80), month: ctx.month.label })),
    preheader: cleanText(lines.slice(0, 2).join(' '), PREHEADER_LENGTH),
    company: ctx.company,
    month: ctx.month.label,
    range,
    logo: logoUrl ? { url: logoUrl, alt: fill(t.logoAlt, { company: ctx.company }) } : null,
    comparedWith: ctx.comparison === 'available' ? fill(t.comparedWith, { month: ctx.previousMonth.label }) : null,
    notes: ctx.comparison === 'new-company' ? [t.notes.newCompany] : ctx.comparison === 'no-history' ? [t.notes.noHistory] : [],
    headlines: lines,
    kpis,
    kpiRows: pairs(kpis),
    split: buildSplit(ctx),
    trend: buildTrend(ctx),
    tags: buildTags(ctx, maxRows),
    agents: buildAgents(ctx, maxRows),
    ads: buildAds(ctx, maxRows),
    attachments: attachments.length > 0 ? fill(t.attachments, { files: joinList(attachments, ctx.words) }) : null,
    footer: fill(t.footer, { range }),
  };
};
