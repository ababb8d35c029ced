// Where a company stands in its group: for the key rates, the group's median and the company's place
// around it. Peers are only ever summarised (a median), never named or listed, and a group with fewer
// than MIN_PEERS companies with data shows no comparison: with 2–4 companies a "median" is close to
// one identifiable company's number, and a position among so few says little.
import { analyzeAds } from './ad-efficiency.ts';
import { salesRate } from './rates.ts';
import { currencyCode, ratio } from '../format/format.ts';
import type { CompanyReport } from '../../iobot/report-schema.ts';

export const MIN_PEERS = 5;

export type PeerMetric = 'salesRate' | 'quotationRate' | 'averageSale' | 'costPerAdSale' | 'roas';
export const PEER_METRICS: readonly PeerMetric[] = ['salesRate', 'quotationRate', 'averageSale', 'costPerAdSale', 'roas'];

/** Money metrics are compared only among companies whose amounts are in the same currency. */
const MONEY: ReadonlySet<PeerMetric> = new Set(['averageSale', 'costPerAdSale']);

/** One company's key rates (null: not defined this month), about 100 bytes kept per company by the run. */
export interface PeerFigures {
  id: number;
  currency: string | null;
  values: Record<PeerMetric, number | null>;
}

export const peerFigures = (report: CompanyReport, exchangeRates: Readonly<Record<string, number>>): PeerFigures => {
  const currency = currencyCode(report.data.feature_flags.currency);
  const ads = analyzeAds(report.adsBreakdown, currency, exchangeRates);
  // Cost per ad sale only in the company's own currency, so it compares across the group's companies.
  const cost = ads.costPerSale && ads.costPerSale.spend.currency === currency && currency !== null ? ads.costPerSale.cost : null;
  return {
    id: report.data.id,
    currency,
    values: {
      salesRate: salesRate(report),
      quotationRate: report.conversaciones > 0 ? report.qoutationConversionRate : null,
      averageSale: ratio(report.salesAmount, report.salesCount),
      costPerAdSale: cost,
      roas: ads.roas,
    },
  };
};

/** Each metric's sorted values across the group (per currency for money metrics). */
export interface GroupBenchmarks {
  sorted: Record<PeerMetric, Map<string | null, number[]>>;
}

export const groupBenchmarks = (peers: readonly PeerFigures[]): GroupBenchmarks => {
  const sorted = Object.fromEntries(
    PEER_METRICS.map((metric) => [metric, new Map<string | null, number[]>()]),
  ) as GroupBenchmarks['sorted'];
  for (const peer of peers) {
    for (const metric of PEER_METRICS) {
      const value = peer.values[metric];
      if (value === null || !Number.isFinite(value)) continue;
      const key = MONEY.has(metric) ? peer.currency : null;
      const list = sorted[metric].get(key) ?? [];
      list.push(value);
      sorted[metric].set(key, list);
    }
  }
  for (const metric of PEER_METRICS) for (const list of sorted[metric].values()) list.sort((a, b) => a - b);
  return { sorted };
};

const median = (values: readonly number[]): number => {
  const middle = Math.floor(values.length / 2);
  return values.length % 2 === 1 ? (values[middle] ?? 0) : ((values[middle - 1] ?? 0) + (values[middle] ?? 0)) / 2;
};

/** top: in the highest quarter; above / below: over or under the median; bottom: the lowest quarter; middle: at it. */
export type Position = 'top' | 'above' | 'middle' | 'below' | 'bottom';

export interface Standing {
  metric: PeerMetric;
  value: number;
  median: number;
  position: Position;
  /** Companies with data for this metric, the company included. */
  companies: number;
}

/** The company's place for each metric it has, among at least MIN_PEERS companies with data. */
export const standings = (company: PeerFigures, benchmarks: GroupBenchmarks): Standing[] =>
  PEER_METRICS.flatMap((metric): Standing[] => {
    const value = company.values[metric];
    const values = benchmarks.sorted[metric].get(MONEY.has(metric) ? company.currency : null);
    if (value === null || !values || values.length < MIN_PEERS) return [];
    const middle = median(values);
    const below = values.filter((other) => other < value).length / values.length;
    const above = values.filter((other) => other > value).length / values.length;
    const position: Position =
      Math.abs(value - middle) <= Math.abs(middle) * 0.005
        ? 'middle'
        : value > middle
          ? below >= 0.75
            ? 'top'
            : 'above'
          : above >= 0.75
            ? 'bottom'
            : 'below';
    return [{ metric, value, median: middle, position, companies: values.length }];
  });
