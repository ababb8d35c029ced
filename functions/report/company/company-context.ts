// The facts one company's email is derived from, computed once per render and shared by the
// headlines, the view, the text part and the CSV attachments.
import { peerFigures, standings, type GroupBenchmarks, type Standing } from '../figures/peer-standing.ts';
import { analyzeAds, type AdEfficiency, type AdsEfficiency } from '../figures/ad-efficiency.ts';
import { cleanText, currencyCode, fill, formatMonth } from '../format/format.ts';
import type { LocaleStrings } from '../generated/templates.ts';
import { localeContext, type GroupSettings, type LocaleContext, type MonthNames } from '../format/locale-context.ts';
import { memoize } from '../../shared/memoize.ts';
import type { CompanyTargets } from '../../config/config-schema.ts';
import { monthBefore, type ReportPeriod } from '../../shared/report-period.ts';
import type { AgentRow, CompanyReport, TagRow } from '../../iobot/report-schema.ts';

export type { GroupSettings } from '../format/locale-context.ts';

/**
 * - available: history[0] holds last month, deltas are shown;
 * - new-company: history was fetched but the company was not in it last month;
 * - no-history: nothing was fetched, so nothing can be said about change.
 */
export type Comparison = 'available' | 'new-company' | 'no-history';

/** The facts every part of a company's email (headlines, tables, text, CSV) is derived from. */
export interface CompanyContext extends LocaleContext {
  report: CompanyReport;
  history: (CompanyReport | undefined)[];
  previous: CompanyReport | null;
  comparison: Comparison;
  /** The same month a year before, when IOBot had the company then; null says nothing about last year. */
  lastYear: CompanyReport | null;
  /** "abril de 2025" */
  lastYearMonth: MonthNames;
  /** Where the company stands in its group (empty without group figures or with fewer than 5 peers). */
  standings: Standing[];
  /** The company's monthly targets, when configured. */
  targets: CompanyTargets;
  /** The company's amount currency, or null when IOBot's flag is missing or not an ISO code. */
  currency: string | null;
  company: string;
  /** Sorted for "top N": the HTML shows the head of these lists, the CSV all of them. */
  agents: AgentRow[];
  tags: TagRow[];
  ads: AdsEfficiency & { sorted: AdEfficiency[] };
  files: { agents: string; ads: string; tags: string };
}

/** ASCII, lowercase, dash-separated: safe in a Content-Disposition filename on every client. */
export const slug = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');

const collatorFor = memoize(
  (locale: string) => locale,
  (locale: string) => new Intl.Collator(locale),
);

export const companyName = (report: { data: Pick<CompanyReport['data'], 'id' | 'nombre'> }, t: LocaleStrings): string =>
  cleanText(report.data.nombre, 120) || fill(t.unnamedCompany, { id: report.data.id });

/**
 * Everything one company's email is derived from: the group's wording (see localeContext), the
 * comparison with last month, and the agents, tags and ads sorted for "top N".
 */
export const companyContext = (
  report: CompanyReport,
  history: (CompanyReport | undefined)[],
  period: ReportPeriod,
  group: GroupSettings,
  extra: { lastYear?: CompanyReport | undefined; benchmarks?: GroupBenchmarks | undefined; targets?: CompanyTargets | undefined } = {},
): CompanyContext => {
  const locale = localeContext(period, group);
  const { t, words } = locale;
  const currency = currencyCode(report.data.feature_flags.currency);
  const previous = history[0] ?? null;
  const comparison: Comparison = previous ? 'available' : history.length > 0 ? 'new-company' : 'no-history';
  const company = companyName(report, t);
  const collator = collatorFor(words);

  const agents = [...report.agentes].sort(
    (a, b) =>
      b.ventas - a.ventas ||
      b.ventasAmount - a.ventasAmount ||
      b.cotizaciones - a.cotizaciones ||
      b.conversaciones - a.conversaciones ||
      collator.compare(a.agente, b.agente),
  );
  const tags = [...report.tags].sort((a, b) => b.count - a.count || collator.compare(a.name, b.name));
  const ads = analyzeAds(report.adsBreakdown, currency, group.exchangeRates);
  const sortedAds = [...ads.ads].sort(
    (a, b) => b.ad.spend - a.ad.spend || b.ad.sales - a.ad.sales || collator.compare(a.ad.name, b.ad.name),
  );

  const fileSlug = slug(company) || String(report.data.id);
  const file = (kind: string) => `${kind}-${fileSlug}-${period.month}.csv`;

  return {
    ...locale,
    report,
    history,
    previous,
    comparison,
    lastYear: extra.lastYear ?? null,
    targets: extra.targets ?? {},
    standings: extra.benchmarks ? standings(peerFigures(report, group.exchangeRates), extra.benchmarks) : [],
    lastYearMonth: {
      label: formatMonth(monthBefore(period, 12).month, words, t.monthFormat),
      name: formatMonth(monthBefore(period, 12).month, words, 'LLLL'),
    },
    currency,
    company,
    agents,
    tags,
    ads: { ...ads, sorted: sortedAds },
    files: { agents: file(t.csv.files.agents), ads: file(t.csv.files.ads), tags: file(t.csv.files.tags) },
  };
};
