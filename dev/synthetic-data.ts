/**
 * Seeded synthetic data behind the local IOBot simulator (dev and tests only).
 *
 * Bucket: one UTC hour. Every hour of every company is generated from a PRNG seeded with
 * (seed, company id, hour), so nothing is stored and a range is the sum of the hours whose start
 * instant lies in [startDate, endDate]. Hours rather than days because report periods are local
 * months (Tegucigalpa's April is 2026-04-01T06:00Z .. 2026-05-01T05:59:59.999Z): with hourly buckets
 * consecutive local months still partition the data exactly, so months add up like the real thing.
 *
 * Data is generated as individual conversations (agent, tags, ad or organic, quotation, sale) and
 * only then aggregated, so every relation the report has (ads + organic = total, agents sum to the
 * company, PDF + message = quotations) holds by construction instead of being patched afterwards.
 */

export interface SimAd {
  adId: string;
  name: string;
  imageUrl?: string;
}

export interface SimCompany {
  id: number;
  nombre: string;
  img_wa?: string;
  /** ISO 4217 code of sales and quotation amounts ("HNL"). */
  currency: string;
  currency_conversion?: string;
  /** `feature_flags.ad_account_for_report`; without it the answer has no `adsBreakdown`. */
  adAccount?: number;
  /** Volume multiplier: 1 is about 540 conversations a month. */
  size: number;
  agents: string[];
  tags: string[];
  ads: SimAd[];
}

export interface SimRange {
  startDate: string | Date;
  endDate: string | Date;
}

// The answer's types, field names verbatim from IOBot (typos included). Kept separate from the
// app's zod schema on purpose: the simulator stands for the vendor, not for our reading of it.
export interface SimCompanyInfo {
  id: number;
  nombre: string;
  img_wa: string | null;
  feature_flags: {
    currency: string;
    currency_conversion?: string;
    ad_account_for_report?: number;
  };
}

export interface SimTagRow {
  name: string;
  count: number;
}

export interface SimAgentRow {
  agente: string;
  totalTickets: number;
  completados: number;
  cancelados: number;
  pendientes: number;
  proceso: number;
  conversaciones: number;
  ventas: number;
  ventasAmount: number;
  cotizaciones: number;
  cotizacionesAmount: number;
  empresa_id: number;
}

export interface SimAdRow {
  adId: string;
  name: string;
  imageUrl: string | null;
  spend: number;
  currency: 'USD';
  sales: number;
  salesAmount: number;
  quotations: number;
  quotationsAmount: number;
  salesRecords: unknown[];
}

export interface SimCompanyReport {
  data: SimCompanyInfo;
  conversaciones: number;
  salesCount: number;
  salesAmount: number;
  salesConversionRate: number;
  quotationsCount: number;
  quotationsAmount: number;
  qoutationConversionRate: number;
  qoutationToSalesConversionRate: number;
  averageTemperature: number;
  averageAgentTemperature: number;
  salesThatChatHasAnuncioIdCount: number;
  salesThatChatHasAnuncioId: number;
  salesThatDoesntHaveAnuncioIdCount: number;
  salesThatDoesntHaveAnuncioId: number;
  quotationsThatChatHasAnuncioIdCount: number;
  quotationsThatChatHasAnuncioId: number;
  quotationsThatChatHasAnuncioIdAndSourceIsPdfCount: number;
  quotationsThatChatHasAnuncioIdAndSourceIsPdf: number;
  quotationsThatChatHasAnuncioIdAndSourceIsMessageCount: number;
  quotationsThatChatHasAnuncioIdAndSourceIsMessage: number;
  quotationsThatDoesntHaveAnuncioIdCount: number;
  quotationsThatDoesntHaveAnuncioId: number;
  quotationsThatDoesntHaveAnuncioIdAndSourceIsPdfCount: number;
  quotationsThatDoesntHaveAnuncioIdAndSourceIsPdf: number;
  quotationsThatDoesntHaveAnuncioIdAndSourceIsMessageCount: number;
  quotationsThatDoesntHaveAnuncioIdAndSourceIsMessage: number;
  tags: SimTagRow[];
  agentes: SimAgentRow[];
  adsBreakdown?: SimAdRow[];
}

export interface SimMultiReport {
  data: SimCompanyReport[];
}

export const BUCKET_MS = 3_600_000;
export const DEFAULT_SEED = 2026;

// ---------------------------------------------------------------------------------------------
// Stateless randomness: a murmur3-style hash picks the stream, mulberry32 draws from it.

const mix = (state: number, value: number): number => {
  let k = Math.imul(value | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  state ^= Math.imul(k, 0x1b873593);
  state = (state << 13) | (state >>> 19);
  return (Math.imul(state, 5) + 0xe6546b64) | 0;
};

const hash = (...values: number[]): number => {
  let h = values.reduce(mix, 0x9747b28c);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

// Distinct streams so that, say, adding an ad does not reshuffle a company's monthly volume.
const STREAM = { model: 1, month: 2, hour: 3, group: 4 } as const;

class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, max: number): number {
    return Math.floor(this.between(min, max + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  poisson(mean: number): number {
    if (mean <= 0) return 0;
    // Knuth's method is exact but linear in the mean; large means are close enough to normal.
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let count = 0;
    for (let product = this.next(); product > limit; product *= this.next()) count += 1;
    return count;
  }
}

/** Weighted choice by binary search over cumulative weights. */
class Picker {
  private readonly cumulative: number[] = [];

  constructor(weights: number[]) {
    let total = 0;
    for (const weight of weights) {
      total += weight;
      this.cumulative.push(total);
    }
  }

  pick(rng: Rng): number {
    const target = rng.next() * (this.cumulative.at(-1) ?? 0);
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.cumulative[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}

// ---------------------------------------------------------------------------------------------
// The model: per-company parameters (fixed), per-month parameters (variation and trend), per hour.

// Activity follows Central American office hours (UTC-6, no DST).
const LOCAL_OFFSET_HOURS = -6;
const normalize = (raw: number[]): number[] => {
  const mean = raw.reduce((sum, value) => sum + value, 0) / raw.length;
  return raw.map((value) => value / mean);
};
const HOUR_WEIGHT = normalize([
  0.1, 0.05, 0.05, 0.05, 0.1, 0.2, 0.5, 1, 1.6, 2, 2, 1.8, 1.5, 1.6, 1.8, 1.8, 1.6, 1.4, 1.2, 1, 0.8, 0.6, 0.4, 0.2,
]);
const WEEKDAY_WEIGHT = normalize([0.45, 1.15, 1.15, 1.1, 1.1, 1.05, 0.8]);
// Ads deliver around the clock, only somewhat more in busy hours.
const SPEND_HOUR_WEIGHT = HOUR_WEIGHT.map((weight) => 0.4 + 0.6 * weight);

const CONVERSATIONS_PER_HOUR_AT_SIZE_1 = 0.75;
// Month indexes count from year 0; the trend is anchored at April 2026 so "now" looks like the seed.
const REFERENCE_MONTH = 2026 * 12 + 3;
// Completed, cancelled, pending, in progress.
const TICKET_STATUS = new Picker([0.78, 0.09, 0.07, 0.06]);
const TAGS_PER_CONVERSATION = new Picker([0.3, 0.4, 0.2, 0.1]);
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

interface CompanyModel {
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

const buildModel = (company: SimCompany, seed: number): CompanyModel => {
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

interface MonthModel {
  volume: number;
  quoteRate: number;
  saleRate: number;
  adSpend: number[];
}

const buildMonth = (model: CompanyModel, seed: number, monthIndex: number): MonthModel => {
  const rng = new Rng(hash(seed, model.company.id, STREAM.month, monthIndex));
  const trend = Math.max(0.2, 1 + model.trendPerMonth * (monthIndex - REFERENCE_MONTH));
  return {
    volume: trend * rng.between(0.85, 1.15),
    quoteRate: Math.min(1, model.quoteRate * rng.between(0.88, 1.12)),
    saleRate: Math.min(1, model.saleRate * rng.between(0.85, 1.15)),
    adSpend: model.company.ads.map(() => rng.between(0.6, 1.4)),
  };
};

// ---------------------------------------------------------------------------------------------
// Aggregation. Everything is an integer (amounts in whole units, spend in cents) so that sums are
// exact and April equals the sum of its halves to the last digit.

const AD = 0;
const ORGANIC = 1;
const PDF = 0;
const MESSAGE = 1;

interface AgentTotals {
  conversations: number;
  tickets: [number, number, number, number];
  sales: number;
  salesAmount: number;
  quotations: number;
  quotationsAmount: number;
}

interface AdTotals {
  spendCents: number;
  sales: number;
  salesAmount: number;
  quotations: number;
  quotationsAmount: number;
}

interface Totals {
  conversations: number;
  temperatureTenths: number;
  agentTemperatureTenths: number;
  /** [AD | ORGANIC] */
  salesCount: number[];
  salesAmount: number[];
  /** [origin * 2 + source], origin AD | ORGANIC, source PDF | MESSAGE */
  quotationsCount: number[];
  quotationsAmount: number[];
  agents: AgentTotals[];
  tags: number[];
  ads: AdTotals[];
}

const NO_ACTIVITY: AgentTotals = {
  conversations: 0,
  tickets: [0, 0, 0, 0],
  sales: 0,
  salesAmount: 0,
  quotations: 0,
  quotationsAmount: 0,
};
const NO_AD_ACTIVITY: AdTotals = { spendCents: 0, sales: 0, salesAmount: 0, quotations: 0, quotationsAmount: 0 };

const emptyTotals = (company: SimCompany): Totals => ({
  conversations: 0,
  temperatureTenths: 0,
  agentTemperatureTenths: 0,
  salesCount: [0, 0],
  salesAmount: [0, 0],
  quotationsCount: [0, 0, 0, 0],
  quotationsAmount: [0, 0, 0, 0],
  agents: company.agents.map(() => ({ ...NO_ACTIVITY, tickets: [0, 0, 0, 0] })),
  tags: company.tags.map(() => 0),
  ads: company.ads.map(() => ({ ...NO_AD_ACTIVITY })),
});

const add = (values: number[], index: number, amount: number): void => {
  values[index] = (values[index] ?? 0) + amount;
};

const clampTenths = (value: number): number => Math.min(100, Math.max(0, Math.round(value)));

const drawAmount = (rng: Rng, typical: number, unit: number): number =>
  Math.max(unit, Math.round((typical * Math.exp(0.5 * rng.normal() - 0.125)) / unit) * unit);

const simulateConversation = (model: CompanyModel, month: MonthModel, rng: Rng, totals: Totals): void => {
  const agent = totals.agents[model.agents.pick(rng)];
  totals.conversations += 1;
  totals.temperatureTenths += clampTenths(model.temperatureTenths + 18 * rng.normal());
  totals.agentTemperatureTenths += clampTenths(model.agentTemperatureTenths + 15 * rng.normal());
  if (agent) agent.conversations += 1;

  const tagged = new Set<number>();
  for (let count = TAGS_PER_CONVERSATION.pick(rng); count > 0 && model.company.tags.length > 0; count -= 1) {
    tagged.add(model.tags.pick(rng));
  }
  for (const tag of tagged) add(totals.tags, tag, 1);

  if (agent && rng.chance(model.ticketRate)) add(agent.tickets, TICKET_STATUS.pick(rng), 1);

  const fromAd = rng.chance(model.adShare);
  const adSlot = fromAd ? model.ads.pick(rng) : -1;
  const ad = totals.ads[adSlot];
  const origin = fromAd ? AD : ORGANIC;

  if (rng.chance(month.quoteRate)) {
    const amount = drawAmount(rng, model.quoteAmount, model.amountUnit);
    const slot = origin * 2 + (rng.chance(model.pdfShare) ? PDF : MESSAGE);
    add(totals.quotationsCount, slot, 1);
    add(totals.quotationsAmount, slot, amount);
    if (agent) {
      agent.quotations += 1;
      agent.quotationsAmount += amount;
    }
    if (ad) {
      ad.quotations += 1;
      ad.quotationsAmount += amount;
    }
  }

  const saleFactor = ad ? (model.adSaleFactor[adSlot] ?? 1) : 1;
  if (rng.chance(month.saleRate * saleFactor)) {
    const amount = drawAmount(rng, model.saleAmount, model.amountUnit);
    add(totals.salesCount, origin, 1);
    add(totals.salesAmount, origin, amount);
    if (agent) {
      agent.sales += 1;
      agent.salesAmount += amount;
    }
    if (ad) {
      ad.sales += 1;
      ad.salesAmount += amount;
    }
  }
};

const simulateHour = (model: CompanyModel, month: MonthModel, hour: number, seed: number, totals: Totals): void => {
  const rng = new Rng(hash(seed, model.company.id, STREAM.hour, hour));
  const local = new Date((hour + LOCAL_OFFSET_HOURS) * BUCKET_MS);
  const hourOfDay = local.getUTCHours();
  totals.ads.forEach((ad, index) => {
    const budget = (model.adDailySpendCents[index] ?? 0) / 24;
    ad.spendCents += Math.round(budget * (SPEND_HOUR_WEIGHT[hourOfDay] ?? 1) * (month.adSpend[index] ?? 1) * rng.between(0.8, 1.2));
  });
  const mean =
    model.conversationsPerHour * (HOUR_WEIGHT[hourOfDay] ?? 1) * (WEEKDAY_WEIGHT[local.getUTCDay()] ?? 1) * month.volume;
  for (let count = rng.poisson(mean); count > 0; count -= 1) simulateConversation(model, month, rng, totals);
};

const toMs = (value: string | Date, field: string): number => {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`${field} is not a valid date: ${String(value)}`);
  return ms;
};

/** Percentage with two decimals, 0 when there is nothing to divide by (as IOBot does). */
const rate = (numerator: number, denominator: number): number =>
  denominator === 0 ? 0 : Math.round((numerator * 10_000) / denominator) / 100;

const average = (sumTenths: number, count: number): number => (count === 0 ? 0 : Math.round(sumTenths / count) / 10);

const at = (values: number[], index: number): number => values[index] ?? 0;

const toReport = (company: SimCompany, totals: Totals): SimCompanyReport => {
  const salesCount = at(totals.salesCount, AD) + at(totals.salesCount, ORGANIC);
  const salesAmount = at(totals.salesAmount, AD) + at(totals.salesAmount, ORGANIC);
  const quotes = (origin: number, source: number) => ({
    count: at(totals.quotationsCount, origin * 2 + source),
    amount: at(totals.quotationsAmount, origin * 2 + source),
  });
  const [adPdf, adMessage, organicPdf, organicMessage] = [
    quotes(AD, PDF),
    quotes(AD, MESSAGE),
    quotes(ORGANIC, PDF),
    quotes(ORGANIC, MESSAGE),
  ];
  const quotationsCount = adPdf.count + adMessage.count + organicPdf.count + organicMessage.count;
  const quotationsAmount = adPdf.amount + adMessage.amount + organicPdf.amount + organicMessage.amount;

  const report: SimCompanyReport = {
    data: {
      id: company.id,
      nombre: company.nombre,
      img_wa: company.img_wa ?? null,
      feature_flags: {
        currency: company.currency,
        ...(company.currency_conversion === undefined ? {} : { currency_conversion: company.currency_conversion }),
        ...(company.adAccount === undefined ? {} : { ad_account_for_report: company.adAccount }),
      },
    },
    conversaciones: totals.conversations,
    salesCount,
    salesAmount,
    salesConversionRate: rate(salesCount, totals.conversations),
    quotationsCount,
    quotationsAmount,
    qoutationConversionRate: rate(quotationsCount, totals.conversations),
    qoutationToSalesConversionRate: rate(salesCount, quotationsCount),
    averageTemperature: average(totals.temperatureTenths, totals.conversations),
    averageAgentTemperature: average(totals.agentTemperatureTenths, totals.conversations),
    salesThatChatHasAnuncioIdCount: at(totals.salesCount, AD),
    salesThatChatHasAnuncioId: at(totals.salesAmount, AD),
    salesThatDoesntHaveAnuncioIdCount: at(totals.salesCount, ORGANIC),
    salesThatDoesntHaveAnuncioId: at(totals.salesAmount, ORGANIC),
    quotationsThatChatHasAnuncioIdCount: adPdf.count + adMessage.count,
    quotationsThatChatHasAnuncioId: adPdf.amount + adMessage.amount,
    quotationsThatChatHasAnuncioIdAndSourceIsPdfCount: adPdf.count,
    quotationsThatChatHasAnuncioIdAndSourceIsPdf: adPdf.amount,
    quotationsThatChatHasAnuncioIdAndSourceIsMessageCount: adMessage.count,
    quotationsThatChatHasAnuncioIdAndSourceIsMessage: adMessage.amount,
    quotationsThatDoesntHaveAnuncioIdCount: organicPdf.count + organicMessage.count,
    quotationsThatDoesntHaveAnuncioId: organicPdf.amount + organicMessage.amount,
    quotationsThatDoesntHaveAnuncioIdAndSourceIsPdfCount: organicPdf.count,
    quotationsThatDoesntHaveAnuncioIdAndSourceIsPdf: organicPdf.amount,
    quotationsThatDoesntHaveAnuncioIdAndSourceIsMessageCount: organicMessage.count,
    quotationsThatDoesntHaveAnuncioIdAndSourceIsMessage: organicMessage.amount,
    // Only tags used in the range, most used first (ties keep the definition order).
    tags: company.tags
      .map((name, index) => ({ name, count: at(totals.tags, index) }))
      .filter((tag) => tag.count > 0)
      .sort((a, b) => b.count - a.count),
    agentes: company.agents.map((agente, index) => {
      const agent = totals.agents[index] ?? NO_ACTIVITY;
      const [completados, cancelados, pendientes, proceso] = agent.tickets;
      return {
        agente,
        totalTickets: completados + cancelados + pendientes + proceso,
        completados,
        cancelados,
        pendientes,
        proceso,
        conversaciones: agent.conversations,
        ventas: agent.sales,
        ventasAmount: agent.salesAmount,
        cotizaciones: agent.quotations,
        cotizacionesAmount: agent.quotationsAmount,
        empresa_id: company.id,
      };
    }),
  };
  if (company.adAccount !== undefined) {
    report.adsBreakdown = company.ads.map((ad, index) => {
      const ads = totals.ads[index] ?? NO_AD_ACTIVITY;
      return {
        adId: ad.adId,
        name: ad.name,
        imageUrl: ad.imageUrl ?? null,
        spend: ads.spendCents / 100,
        currency: 'USD',
        sales: ads.sales,
        salesAmount: ads.salesAmount,
        quotations: ads.quotations,
        quotationsAmount: ads.quotationsAmount,
        salesRecords: [],
      };
    });
  }
  return report;
};

/** One company's report for the hours whose start instant lies in [startDate, endDate]. */
export function companyReport(company: SimCompany, range: SimRange, seed: number = DEFAULT_SEED): SimCompanyReport {
  const start = toMs(range.startDate, 'startDate');
  const end = toMs(range.endDate, 'endDate');
  const model = buildModel(company, seed);
  const months = new Map<number, MonthModel>();
  const totals = emptyTotals(company);
  for (let hour = Math.ceil(start / BUCKET_MS); hour * BUCKET_MS <= end; hour += 1) {
    // Months are local months, matching the periods the reports are asked for.
    const local = new Date((hour + LOCAL_OFFSET_HOURS) * BUCKET_MS);
    const monthIndex = local.getUTCFullYear() * 12 + local.getUTCMonth();
    let month = months.get(monthIndex);
    if (!month) {
      month = buildMonth(model, seed, monthIndex);
      months.set(monthIndex, month);
    }
    simulateHour(model, month, hour, seed, totals);
  }
  return toReport(company, totals);
}

/** The whole answer of `POST /empresas/data-report/multi` for these companies, in their order. */
export function multiReport(companies: readonly SimCompany[], range: SimRange, seed: number = DEFAULT_SEED): SimMultiReport {
  return { data: companies.map((company) => companyReport(company, range, seed)) };
}

// ---------------------------------------------------------------------------------------------
// Groups.

const FIRST_NAMES = [
  'María', 'José', 'Ana', 'Carlos', 'Lucía', 'Jorge', 'Sofía', 'Luis', 'Daniela', 'Miguel',
  'Gabriela', 'Fernando', 'Valeria', 'Andrés', 'Camila', 'Ricardo', 'Isabel', 'Diego', 'Paola', 'Héctor',
];
const LAST_NAMES = [
  'García', 'Martínez', 'López', 'Hernández', 'Rodríguez', 'Flores', 'Mejía', 'Reyes',
  'Castillo', 'Zelaya', 'Ordóñez', 'Núñez', 'Banegas', 'Cruz', 'Aguilar',
];
const BASE_TAGS = [
  'Interesado', 'Seguimiento', 'Cotización enviada', 'Cliente nuevo', 'Precio', 'Venta cerrada',
  'Sin respuesta', 'Pedido en proceso', 'Entrega a domicilio', 'Crédito', 'Mayoreo', 'Garantía',
  'Promoción', 'Llamar después', 'Queja',
];
const ZONES = [
  'Atlántida', 'Choluteca', 'Colón', 'Comayagua', 'Copán', 'Cortés', 'El Paraíso', 'Francisco Morazán',
  'Gracias a Dios', 'Intibucá', 'Islas de la Bahía', 'La Paz', 'Lempira', 'Ocotepeque', 'Olancho',
  'Santa Bárbara', 'Valle', 'Yoro',
];
const PRODUCTS = [
  'Tinaco 1100 L', 'Tinaco 2500 L', 'Cisterna', 'Bomba sumergible', 'Filtro de agua', 'Purificador',
  'Calentador solar', 'Tubería PVC', 'Hidroneumático', 'Suavizador', 'Lavamanos', 'Grifería',
];
const AD_NAMES = [
  'Tinacos – Tráfico WhatsApp', 'Promo Semana Santa', 'Retargeting clientes', 'Catálogo – Mensajes',
  'Ofertas de temporada', 'Lanzamiento Cisterna Pro', 'Público similar 1 %', 'Video testimonios',
];
const BUSINESS_KINDS = [
  'Distribuidora', 'Ferretería', 'Comercial', 'Inversiones', 'Agua Pura', 'Servicios Técnicos',
  'Materiales', 'Importadora', 'Depósito', 'Suministros',
];
const PLACES = [
  'Tegucigalpa', 'San Pedro Sula', 'La Ceiba', 'Choluteca', 'Comayagua', 'El Progreso', 'Danlí',
  'Juticalpa', 'Santa Rosa', 'Siguatepeque', 'Puerto Cortés', 'Roatán',
];

const pickAt = (values: string[], index: number): string => values[index % values.length] ?? '';

/** n unique "Nombre Apellido" names: the pairs are distinct for the first 300, then numbered. */
const agentNames = (count: number, offset = 0): string[] =>
  Array.from({ length: count }, (_, position) => {
    const index = position + offset;
    const round = Math.floor(index / FIRST_NAMES.length);
    const name = `${pickAt(FIRST_NAMES, index)} ${pickAt(LAST_NAMES, (index % FIRST_NAMES.length) + round)}`;
    return round >= LAST_NAMES.length ? `${name} ${round}` : name;
  });

const tagNames = (count: number): string[] =>
  [
    ...BASE_TAGS,
    ...ZONES.map((zone) => `Zona: ${zone}`),
    ...PRODUCTS.map((product) => `Producto: ${product}`),
    ...Array.from({ length: Math.max(0, count) }, (_, index) => `Campaña ${index + 1}`),
  ].slice(0, count);

const adsFor = (companyId: number, count: number): SimAd[] =>
  Array.from({ length: count }, (_, index) => {
    // Meta ad ids are 15-18 digit strings; this keeps them unique per company and readable.
    const adId = `12020${String(companyId).padStart(6, '0')}${String(index + 1).padStart(4, '0')}`;
    const base = pickAt(AD_NAMES, index);
    return {
      adId,
      name: index < AD_NAMES.length ? base : `${base} ${Math.floor(index / AD_NAMES.length) + 1}`,
      // Some ads have no creative image: the report must cope.
      ...(index % 4 === 3 ? {} : { imageUrl: `https://example.com/ads/${adId}.jpg` }),
    };
  });

/** The group most local runs use: root business 1 and three companies that differ where it matters. */
export function defaultGroup(): SimCompany[] {
  return [
    {
      id: 1,
      nombre: 'Empresa Principal',
      img_wa: 'https://example.com/logo.png',
      currency: 'HNL',
      currency_conversion: 'USD',
      adAccount: 12,
      size: 1,
      agents: ['María García', 'José Martínez', 'Ana López', 'Carlos Hernández', 'Lucía Rodríguez'],
      tags: tagNames(12),
      ads: adsFor(1, 4),
    },
    {
      // Accent, ampersand and emoji: escaping and subject encoding must survive them.
      id: 2,
      nombre: 'Ferretería Núñez & Hijos 🔧',
      img_wa: 'https://example.com/logos/ferreteria.png',
      currency: 'HNL',
      currency_conversion: 'USD',
      adAccount: 27,
      size: 0.6,
      agents: agentNames(3, 20),
      tags: tagNames(9),
      ads: adsFor(2, 3),
    },
    {
      // No ad account (no adsBreakdown) and no logo.
      id: 3,
      nombre: 'Distribuidora San Pedro Sula',
      currency: 'HNL',
      size: 0.4,
      agents: agentNames(2, 40),
      tags: tagNames(8),
      ads: [],
    },
    {
      id: 4,
      nombre: 'Aquatec Guatemala',
      img_wa: 'https://example.com/logos/guatemala.png',
      currency: 'GTQ',
      currency_conversion: 'USD',
      adAccount: 31,
      size: 0.8,
      agents: agentNames(4, 60),
      tags: tagNames(10),
      ads: adsFor(4, 5),
    },
  ];
}

/** n companies with ids 1..n (1 is the root), varied size, currency and ad setup; deterministic. */
export function generateGroup(count: number): SimCompany[] {
  return Array.from({ length: count }, (_, index) => {
    const id = index + 1;
    const rng = new Rng(hash(DEFAULT_SEED, id, STREAM.group));
    const hasAds = index % 3 !== 2;
    const combination = index % (BUSINESS_KINDS.length * PLACES.length);
    const nombre =
      index === 0
        ? 'Empresa Principal'
        : `${pickAt(BUSINESS_KINDS, combination)} ${pickAt(PLACES, Math.floor(combination / BUSINESS_KINDS.length))}` +
          (index >= BUSINESS_KINDS.length * PLACES.length ? ` ${id}` : '');
    const currency = index % 5 === 4 ? 'GTQ' : index % 7 === 6 ? 'USD' : 'HNL';
    return {
      id,
      nombre,
      ...(index % 4 === 3 ? {} : { img_wa: `https://example.com/logos/${id}.png` }),
      currency,
      ...(currency === 'USD' ? {} : { currency_conversion: 'USD' }),
      ...(hasAds ? { adAccount: 100 + id } : {}),
      size: Math.round(rng.between(0.3, 3) * 100) / 100,
      agents: agentNames(rng.int(2, 8), index * 7),
      tags: tagNames(rng.int(8, 15)),
      ads: hasAds ? adsFor(id, rng.int(1, 6)) : [],
    };
  });
}

/** A stress company: 150 agents, 80 ads, 300 tags, a long name and ~30 000 conversations a month. */
export function largeCompany(id = 1): SimCompany {
  return {
    id,
    nombre: 'Comercializadora Centroamericana de Equipos, Tanques y Suministros Hidráulicos, S. de R.L. de C.V.',
    img_wa: 'https://example.com/logos/comercializadora.png',
    currency: 'HNL',
    currency_conversion: 'USD',
    adAccount: 77,
    size: 55,
    agents: agentNames(150),
    tags: tagNames(300),
    ads: adsFor(id, 80),
  };
}
