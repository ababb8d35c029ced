import {
  BUCKET_MS,
  HOUR_WEIGHT,
  LOCAL_OFFSET_HOURS,
  SPEND_HOUR_WEIGHT,
  TAGS_PER_CONVERSATION,
  TICKET_STATUS,
  WEEKDAY_WEIGHT,
  type CompanyModel,
  type MonthModel,
} from './company-model.ts';
import { AD, ORGANIC, MESSAGE, PDF, type Totals } from './conversation-totals.ts';
import { hash, Rng, STREAM } from './seeded-random.ts';

// One hour of a company, drawn as individual conversations and added to the running totals.

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

export const simulateHour = (model: CompanyModel, month: MonthModel, hour: number, seed: number, totals: Totals): void => {
  const rng = new Rng(hash(seed, model.company.id, STREAM.hour, hour));
  const local = new Date((hour + LOCAL_OFFSET_HOURS) * BUCKET_MS);
  const hourOfDay = local.getUTCHours();
  totals.ads.forEach((ad, index) => {
    const budget = (model.adDailySpendCents[index] ?? 0) / 24;
    ad.spendCents += Math.round(budget * (SPEND_HOUR_WEIGHT[hourOfDay] ?? 1) * (month.adSpend[index] ?? 1) * rng.between(0.8, 1.2));
  });
  const mean = model.conversationsPerHour * (HOUR_WEIGHT[hourOfDay] ?? 1) * (WEEKDAY_WEIGHT[local.getUTCDay()] ?? 1) * month.volume;
  for (let count = rng.poisson(mean); count > 0; count -= 1) simulateConversation(model, month, rng, totals);
};
