// The company view: what the HTML and the text templates show, assembled from the view parts
// (view-kpi-cards, view-sales-split, view-trend, view-tables, view-ads).
import type { CompanyContext } from './company-context.ts';
import { cleanText, fill, httpsUrl } from './format.ts';
import type { LocaleStrings } from './generated/templates.ts';
import { headlines, joinList } from './headlines.ts';
import { buildAds, type AdsView } from './view-ads.ts';
import { buildKpis, pairs, type KpiView } from './view-kpi-cards.ts';
import { buildSplit, type SplitRowView } from './view-sales-split.ts';
import { buildAgents, buildTags, type AgentView, type TableView, type TagView } from './view-tables.ts';
import { buildTrend, type TrendView } from './view-trend.ts';

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

/** Preview text: the first headlines, short enough for an inbox line. */
const PREHEADER_LENGTH = 140;

/**
 * The view both templates render for one company. `maxRows` caps each table (the rest is in the CSV
 * attachments, whose file names `attachments` lists); the headlines also give the preheader.
 */
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
