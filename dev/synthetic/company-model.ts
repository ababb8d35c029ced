import { hash, Picker, Rng, STREAM } from './seeded-random.ts';
import type { SimCompany } from './sim-company.ts';

// The model: per-company parameters (fixed), per-month parameters (variation and trend), per hour.

// Bucket: one UTC hour (see company-report.ts for why hours).
export const BUCKET_MS = 3_600_000;

// Activity follows Central American office hours (UTC-6, no DST).
export const LOCAL_OFFSET_HOURS = -6;
const normalize = (raw: number[]): number[] => {
  const mean = raw.reduce((sum, value) => sum + value, 0) / raw.length;
  return raw.map((value) => value / mean);
};
export const HOUR_WEIGHT = normalize([
  0.1, 0.05, 0.05, 0.05, 0.1, 0.2, 0.5, 1, 1.6, 2, 2, 1.8, 1.5, 1.6, 1.8, 1.8, 1.6, 1.4, 1.2, 1, 0.8, 0.6, 0.4, 0.2,
]);
export const WEEKDAY_WEIGHT = normalize([0.45, 1.15, 1.15, 1.1, 1.1, 1.05, 0.8]);
// Ads deliver around the clock, only somewhat more in busy hours.
export const SPEND_HOUR_WEIGHT = HOUR_WEIGHT.map((weight) => 0.4 + 0.6 * weight);

const CONVERSATIONS_PER_HOUR_AT_SIZE_1 = 0.75;
// Month indexes count from year 0; the trend is anchored at April 2026 so "now" looks like the seed.
const REFERENCE_MONTH = 2026 * 12 + 3;
// Completed, cancelled, pending, in progress.
export const TICKET_STATUS = new Picker([0.78, 0.09, 0.07, 0.06]);
export const TAGS_PER_CONVERSATION = new Picker([0.3, 0.4, 0.2, 0.1]);
// Chats that carry an ad id the account does not list (deleted ad, another account).
const UNLISTED_AD_SHARE = 0.12;

const AMOUNTS: Record<string, { typical: number; unit: number }> = {
  HNL: { typical: 2500, unit: 10 },
  GTQ: { typical: 800, unit: 5 },
  MXN: { typical: 2000, unit: 10 },
  CRC: { typical: 50_000, unit: 100 },
  USD: { typical: 100, unit: 1 },
};
const DEFAULT_AMOUNT = { typical: 1000, unit: 10 };

export interface CompanyModel {
  company: SimCompany;
  conversationsPerHour: number;
  quoteRate: number;
  saleRate: number;
  adShare: number;
  pdfShare: number;
  ticketRate: number;
  saleAmount: number;
  quoteAmount: number;
  amountUnit: number;
  temperatureTenths: number;
  agentTemperatureTenths: number;
  trendPerMonth: number;
  agents: Picker;
  tags: Picker;
  /** One slot per listed ad, plus a last slot for chats whose ad is not listed. */
  ads: Picker;
  adSaleFactor: number[];
  adDailySpendCents: number[];
}

export const buildModel = (company: SimCompany, seed: number): CompanyModel => {
  const rng = new Rng(hash(seed, company.id, STREAM.model));
  const amounts = AMOUNTS[company.currency] ?? DEFAULT_AMOUNT;
  const saleAmount = amounts.typical * rng.between(0.7, 1.3);
  // A few ads spend and never sell: the report must show that, so at least one per account of 3+.
  const duds = company.ads.map(() => rng.chance(0.25));
  if (company.ads.length >= 3 && !duds.includes(true)) duds[duds.length - 1] = true;
  if (company.ads.length > 0 && !duds.includes(false)) duds[0] = false;
  const adWeights = company.ads.map((_, index) => (duds[index] ? rng.between(0.3, 0.8) : rng.between(0.5, 2)));
  const listedWeight = adWeights.reduce((sum, weight) => sum + weight, 0);
  return {
    company,
    conversationsPerHour: company.size * CONVERSATIONS_PER_HOUR_AT_SIZE_1 * rng.between(0.85, 1.15),
    quoteRate: rng.between(0.15, 0.25),
    saleRate: rng.between(0.05, 0.09),
    adShare: company.adAccount === undefined ? rng.between(0.04, 0.12) : rng.between(0.5, 0.7),
    pdfShare: rng.between(0.3, 0.5),
    ticketRate: rng.between(0.18, 0.3),
    saleAmount,
    quoteAmount: saleAmount * rng.between(1, 1.25),
    amountUnit: amounts.unit,
    temperatureTenths: rng.between(55, 80),
    agentTemperatureTenths: rng.between(50, 78),
    trendPerMonth: rng.between(-0.005, 0.02),
    agents: new Picker(company.agents.map((_, rank) => (1 / (rank + 1) ** 0.6) * rng.between(0.8, 1.2))),
    tags: new Picker(company.tags.map((_, rank) => (1 / (rank + 1) ** 0.8) * rng.between(0.8, 1.2))),
    ads: new Picker([...adWeights, company.ads.length === 0 ? 1 : listedWeight * UNLISTED_AD_SHARE]),
    adSaleFactor: duds.map((dud) => (dud ? 0 : rng.between(0.6, 1.5))),
    adDailySpendCents: company.ads.map(() => rng.int(500, 2500)),
  };
};

export interface MonthModel {
  volume: number;
  quoteRate: number;
  saleRate: number;
  adSpend: number[];
}

export const buildMonth = (model: CompanyModel, seed: number, monthIndex: number): MonthModel => {
  const rng = new Rng(hash(seed, model.company.id, STREAM.month, monthIndex));
  const trend = Math.max(0.2, 1 + model.trendPerMonth * (monthIndex - REFERENCE_MONTH));
  return {
    volume: trend * rng.between(0.85, 1.15),
    quoteRate: Math.min(1, model.quoteRate * rng.between(0.88, 1.12)),
    saleRate: Math.min(1, model.saleRate * rng.between(0.85, 1.15)),
    adSpend: model.company.ads.map(() => rng.between(0.6, 1.4)),
  };
};
