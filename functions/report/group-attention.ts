/**
 * The group summary's figures in one currency, and which companies need the director's attention.
 * Pure numbers: group-summary.ts words them.
 *
 * The group's currency is the one most of its companies sell in (ties: the larger revenue, then the
 * code). Amounts in another currency are converted with the group's configured exchange rates
 * (`exchangeRates`, "USD:HNL", or its inverse); where no rate exists the amount is never added to the
 * others, and the summary says what was left out.
 */
import { currencyCode } from './format/format.ts';
import { salesRate } from './figures/rates.ts';
import type { SummaryFigures } from './group-summary.ts';

/** A revenue drop smaller than this share of the previous month is ordinary variation, not a signal. */
export const MIN_REVENUE_DROP = 0.1;
/** A conversion fall smaller than this many percentage points is noise for a director. */
export const MIN_CONVERSION_FALL_POINTS = 2;

export type AttentionKind = 'revenueDrop' | 'adLoss' | 'conversionFall';

export interface Attention {
  kind: AttentionKind;
  /** In the company's own currency: the revenue lost, the ad spend not recovered, or the estimate below. */
  amount: number;
  /**
   * `amount` in the group's currency, which ranks the list; null when no rate converts it (such
   * entries follow the convertible ones, by their own amount).
   */
  stake: number | null;
}

export interface CompanyFigures {
  report: SummaryFigures;
  previous: SummaryFigures | undefined;
  currency: string | null;
  /** Multiplier from the company's currency to the group's; null when no rate exists. */
  toGroup: number | null;
  /** Ad spend in the company's currency; null when an ad's spend cannot be converted (or no ads). */
  adSpend: number | null;
  /** Ad spend in the group's currency; null when an ad's spend cannot be converted (or no ads). */
  adSpendInGroup: number | null;
  /** The sales the ads brought, from each ad's own row (the sales the spend can be tied to). */
  adSales: number;
  attention: Attention[];
}

export const rateBetween = (from: string | null, to: string | null, rates: Readonly<Record<string, number>>): number | null => {
  if (from === null || to === null) return null;
  if (from === to) return 1;
  const direct = rates[`${from}:${to}`];
  if (direct !== undefined) return direct;
  const inverse = rates[`${to}:${from}`];
  return inverse ? 1 / inverse : null;
};

/** The currency most companies sell in; ties go to the larger revenue, then the code. Null when none has one. */
export const groupCurrency = (reports: readonly SummaryFigures[]): string | null => {
  const tally = new Map<string, { companies: number; revenue: number }>();
  for (const report of reports) {
    const code = currencyCode(report.data.feature_flags.currency);
    if (code === null) continue;
    const entry = tally.get(code) ?? { companies: 0, revenue: 0 };
    tally.set(code, { companies: entry.companies + 1, revenue: entry.revenue + report.salesAmount });
  }
  const ranked = [...tally].sort(([a, x], [b, y]) => y.companies - x.companies || y.revenue - x.revenue || a.localeCompare(b));
  return ranked[0]?.[0] ?? null;
};

const sumConverted = (ads: SummaryFigures['adsBreakdown'], to: string | null, rates: Readonly<Record<string, number>>): number | null => {
  const spending = ads.filter((ad) => ad.spend > 0);
  if (spending.length === 0) return null;
  let total = 0;
  for (const ad of spending) {
    const rate = rateBetween(currencyCode(ad.currency), to, rates);
    if (rate === null) return null;
    total += ad.spend * rate;
  }
  return total;
};

/**
 * A company's figures and its attention signals:
 * - revenueDrop: revenue fell by at least MIN_REVENUE_DROP of the previous month; the amount is what it lost.
 * - adLoss: the ads cost more (converted to the company's currency) than the sales they brought; the
 *   amount is the difference.
 * - conversionFall: sales conversion fell at least MIN_CONVERSION_FALL_POINTS points; the amount is
 *   what the fall cost at this month's average sale (conversations × points fallen × average sale),
 *   an estimate that only ranks the entry (the email shows the rates, not the estimate).
 */
export const companyFigures = (
  report: SummaryFigures,
  previous: SummaryFigures | undefined,
  currency: string | null,
  rates: Readonly<Record<string, number>>,
): CompanyFigures => {
  const own = currencyCode(report.data.feature_flags.currency);
  const toGroup = rateBetween(own, currency, rates);
  const adSpend = sumConverted(report.adsBreakdown, own, rates);
  const adSpendInGroup = sumConverted(report.adsBreakdown, currency, rates);
  const adSales = report.adsBreakdown.reduce((total, ad) => total + ad.salesAmount, 0);
  const stake = (amount: number) => (toGroup === null ? null : amount * toGroup);

  const attention: Attention[] = [];
  if (previous && previous.salesAmount > 0) {
    const lost = previous.salesAmount - report.salesAmount;
    if (lost >= previous.salesAmount * MIN_REVENUE_DROP) attention.push({ kind: 'revenueDrop', amount: lost, stake: stake(lost) });
  }
  if (adSpend !== null && adSpend > adSales) {
    attention.push({ kind: 'adLoss', amount: adSpend - adSales, stake: stake(adSpend - adSales) });
  }
  const now = salesRate(report);
  const before = previous ? salesRate(previous) : null;
  if (now !== null && before !== null && before - now >= MIN_CONVERSION_FALL_POINTS) {
    const averageSale = report.salesCount > 0 ? report.salesAmount / report.salesCount : 0;
    const estimate = (report.conversaciones * (before - now) * averageSale) / 100;
    attention.push({ kind: 'conversionFall', amount: estimate, stake: stake(estimate) });
  }
  return { report, previous, currency: own, toGroup, adSpend, adSpendInGroup, adSales, attention };
};

/** Convertible stakes first, largest first; then the rest by their own amount. */
export const byStake = (a: Attention, b: Attention): number => {
  if (a.stake !== null && b.stake !== null) return b.stake - a.stake;
  if (a.stake !== null) return -1;
  if (b.stake !== null) return 1;
  return b.amount - a.amount;
};

/** Revenue in the group's currency for ranking rows; companies without a rate rank after, by their own revenue. */
export const byRevenue = (a: CompanyFigures, b: CompanyFigures): number => {
  if (a.toGroup !== null && b.toGroup !== null) return b.report.salesAmount * b.toGroup - a.report.salesAmount * a.toGroup;
  if (a.toGroup !== null) return -1;
  if (b.toGroup !== null) return 1;
  return b.report.salesAmount - a.report.salesAmount;
};
