// The company view: what the HTML and the text templates show, assembled from the view parts
// (view-kpi-cards, view-sales-split, view-trend, view-tables, view-agents, view-ads).
import type { CompanyContext } from './company-context.ts';
import { cleanText, fill, formatMonth, httpsUrl, joinList } from '../format/format.ts';
import { monthBefore } from '../../shared/report-period.ts';
import type { LocaleStrings } from '../generated/templates.ts';
import { headlines, isEmptyMonth } from '../headlines/headlines.ts';
import { nextSteps } from '../headlines/next-steps.ts';
import { buildAds, type AdsView } from '../view/view-ads.ts';
import { buildAgents, type AgentsView } from '../view/view-agents.ts';
import { buildKpis, pairs, type KpiView } from '../view/view-kpi-cards.ts';
import { buildSplit, type SplitRowView } from '../view/view-sales-split.ts';
import { buildTags, type TableView, type TagView } from '../view/view-tables.ts';
import { buildTrend, type TrendView } from '../view/view-trend.ts';
import { buildStanding, type StandingView } from '../view/view-standing.ts';

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
  /** The group's accent colour, for the trend and tag bars. */
  accent: string;
  comparedWith: string | null;
  /** "frente a abr 2025" beside each card's year-over-year change; null when last year is unknown. */
  yearLabel: string | null;
  notes: string[];
  headlines: string[];
  /** A month without any activity: its headline says so, and no table of zeros follows. */
  empty: boolean;
  kpis: KpiView[];
  /** The same cards, two per row, for the HTML grid. */
  kpiRows: KpiView[][];
  standing: StandingView | null;
  /** Up to four actions, each with the figure behind it (empty: nothing the data supports). */
  nextSteps: string[];
  split: SplitRowView[];
  trend: TrendView | null;
  tags: TableView<TagView> | null;
  agents: AgentsView | null;
  ads: AdsView | null;
  attachments: string | null;
  footer: string;
  contact: string;
}

/** Preview text: the first headlines, short enough for an inbox line. */
const PREHEADER_LENGTH = 140;

/**
 * The view both templates render for one company. `maxRows` caps each table (the rest is in the CSV
 * attachments, whose file names `attachments` lists); the headlines also give the preheader.
 */
export const buildCompanyView = (ctx: CompanyContext, maxRows: number, attachments: string[]): CompanyView => {
  const { t } = ctx;
  const logoUrl = ctx.branding.logoUrl ?? httpsUrl(ctx.report.data.img_wa);
  const empty = isEmptyMonth(ctx);
  const kpis = empty ? [] : buildKpis(ctx);
  const lines = headlines(ctx).map((headline) => headline.text);
  return {
    lang: ctx.language,
    t,
    subject: cleanText(fill(t.subject, { company: cleanText(ctx.company, 80), month: ctx.month.label })),
    preheader: cleanText(lines.slice(0, 2).join(' '), PREHEADER_LENGTH),
    company: ctx.company,
    month: ctx.month.label,
    range: ctx.range,
    // The company name is the heading right below: alt text would repeat it, and wrap over the logo's
    // box where images are blocked.
    logo: logoUrl ? { url: logoUrl, alt: '' } : null,
    accent: ctx.branding.accentColor,
    comparedWith: ctx.comparison === 'available' && !empty ? fill(t.comparedWith, { month: ctx.previousMonth.label }) : null,
    yearLabel:
      ctx.lastYear && !empty ? fill(t.kpi.vsYear, { month: formatMonth(monthBefore(ctx.period, 12).month, ctx.words, 'LLL yyyy') }) : null,
    // Only what the reader needs; "previous months could not be fetched" is the operator's business
    // (run summary and logs), not the customer's.
    notes: ctx.comparison === 'new-company' ? [t.notes.newCompany] : [],
    headlines: lines,
    empty,
    kpis,
    kpiRows: pairs(kpis),
    standing: empty ? null : buildStanding(ctx),
    nextSteps: empty ? [] : nextSteps(ctx).map((step) => step.text),
    split: empty ? [] : buildSplit(ctx),
    trend: buildTrend(ctx),
    tags: empty ? null : buildTags(ctx, maxRows),
    agents: empty ? null : buildAgents(ctx, maxRows),
    ads: empty ? null : buildAds(ctx, maxRows),
    attachments: attachments.length > 0 ? fill(t.attachments, { files: joinList(attachments, ctx.words) }) : null,
    footer: ctx.footer,
    contact: ctx.contact,
  };
};
