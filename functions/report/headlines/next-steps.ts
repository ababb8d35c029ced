// "Qué hacer ahora": up to four actions, each a rule that is true for the data or silent, each naming
// the figure behind it, the most money first (actions without an amount, like pending tickets, last).
import type { CompanyContext } from '../company/company-context.ts';
import { exchangeRate } from '../figures/ad-efficiency.ts';
import { compare } from '../figures/deltas.ts';
import { cleanText, fill, joinList, plural, ratio } from '../format/format.ts';
import { counted, money, previousOf } from './headline-rule.ts';
import { roasAmount, roasWords } from '../format/roas-words.ts';

export interface NextStep {
  rule: 'pauseAds' | 'scaleAds' | 'openQuotations' | 'pendingTickets' | 'agentFall';
  /** What the step is worth in the sales currency (spend at stake, sales, amount quoted); 0 when it has none. */
  amount: number;
  text: string;
}

export const MAX_NEXT_STEPS = 4;
/** An ad is worth scaling when its ROAS is at least this many times the company's. */
export const SCALE_FACTOR = 2;
/** Point falls smaller than this, or agents with fewer conversations, are noise. */
export const AGENT_FALL_POINTS = 2;
export const AGENT_MIN_CONVERSATIONS = 20;

const adName = (name: string, id: string) => `«${cleanText(name, 40) || id}»`;

/** Ads that spent and sold nothing, or sold less than they spent (where a rate lets us compare). */
export const pauseAdsStep = (ctx: CompanyContext): NextStep | null => {
  const { currency, t } = ctx;
  const rates = ctx.group.exchangeRates;
  const losing = ctx.ads.ads.filter((row) => {
    if (!(row.ad.spend > 0)) return false;
    if (row.ad.sales === 0) return true;
    const rate = exchangeRate(row.spendCurrency, currency, rates);
    return rate !== null && row.ad.salesAmount < row.ad.spend * rate;
  });
  if (losing.length === 0) return null;
  const converted = losing.every((row) => exchangeRate(row.spendCurrency, currency, rates) !== null);
  const spendCurrencies = new Set(losing.map((row) => row.spendCurrency));
  const total = losing.reduce((sum, row) => sum + row.ad.spend * (exchangeRate(row.spendCurrency, currency, rates) ?? 1), 0);
  // Without a rate the amount stays in the ads' currency (one currency only, else it is not summed).
  if (!converted && spendCurrencies.size > 1) return null;
  const spendCurrency = converted ? currency : (losing[0]?.spendCurrency ?? null);
  const worst = [...losing].sort((a, b) => b.ad.spend - a.ad.spend).slice(0, 2);
  return {
    rule: 'pauseAds',
    amount: converted ? total : 0,
    text: plural(t.nextSteps.pauseAds, losing.length, ctx.language, {
      count: ctx.format.integer(losing.length),
      spend: ctx.format.money(total, spendCurrency),
      ads: joinList(
        worst.map((row) => adName(row.ad.name, row.ad.adId)),
        ctx.words,
      ),
    }),
  };
};

/** The ad whose ROAS is at least twice the company's: more budget there. */
export const scaleAdsStep = (ctx: CompanyContext): NextStep | null => {
  const overall = ctx.ads.roas;
  if (overall === null || overall <= 0) return null;
  const best = ctx.ads.ads
    .filter((row) => row.roas !== null && row.roas >= overall * SCALE_FACTOR && row.roas > 1 && row.ad.sales >= 2)
    .sort((a, b) => b.ad.salesAmount - a.ad.salesAmount)[0];
  if (!best || best.roas === null) return null;
  const roasText = (value: number) => roasWords(ctx.format, ctx.t, ctx.currency, value);
  return {
    rule: 'scaleAds',
    amount: best.ad.salesAmount,
    text: fill(ctx.t.nextSteps.scaleAd, {
      ad: adName(best.ad.name, best.ad.adId),
      roas: roasText(best.roas),
      overall: roasAmount(ctx.format, ctx.currency, overall),
      salesAmount: money(ctx, best.ad.salesAmount),
    }),
  };
};

/**
 * Quotations that did not end in a sale. IOBot gives the count conversion (quotations turned into
 * sales), not which quotations: the amount left open is estimated at that rate, and worded "cerca de".
 */
export const openQuotationsStep = (ctx: CompanyContext): NextStep | null => {
  const { report } = ctx;
  if (report.quotationsCount === 0) return null;
  const converted = Math.min(1, Math.max(0, report.qoutationToSalesConversionRate / 100));
  const open = Math.round(report.quotationsCount * (1 - converted));
  const amount = report.quotationsAmount * (1 - converted);
  if (open < 3 || amount <= 0) return null;
  return {
    rule: 'openQuotations',
    amount,
    text: fill(ctx.t.nextSteps.openQuotations, {
      open: ctx.format.integer(open),
      quotations: counted(ctx, 'quotations', report.quotationsCount),
      amount: money(ctx, amount),
    }),
  };
};

export const pendingTicketsStep = (ctx: CompanyContext): NextStep | null => {
  const open = ctx.report.agentes.reduce((sum, agent) => sum + agent.pendientes + agent.proceso, 0);
  const total = ctx.report.agentes.reduce((sum, agent) => sum + agent.totalTickets, 0);
  if (open < 5) return null;
  return {
    rule: 'pendingTickets',
    amount: 0,
    text: fill(ctx.t.nextSteps.pendingTickets, { tickets: counted(ctx, 'tickets', open), share: ctx.format.share(ratio(open, total)) }),
  };
};

/** The agent (with enough conversations both months) whose sales conversion fell most, by 2 points or more. */
export const agentFallStep = (ctx: CompanyContext): NextStep | null => {
  const previous = previousOf(ctx);
  if (!previous) return null;
  const before = new Map(previous.agentes.map((agent) => [agent.agente, agent]));
  const falls = ctx.report.agentes.flatMap((agent) => {
    const last = before.get(agent.agente);
    if (!last || agent.conversaciones < AGENT_MIN_CONVERSATIONS || last.conversaciones < AGENT_MIN_CONVERSATIONS) return [];
    const now = (agent.ventas / agent.conversaciones) * 100;
    const then = (last.ventas / last.conversaciones) * 100;
    const delta = compare(now, then, 'points');
    return delta.status === 'down' && -delta.change >= AGENT_FALL_POINTS ? [{ agent, last, now, then, fall: -delta.change }] : [];
  });
  const worst = falls.sort((a, b) => b.fall - a.fall)[0];
  if (!worst) return null;
  return {
    rule: 'agentFall',
    amount: Math.max(0, worst.last.ventasAmount - worst.agent.ventasAmount),
    text: fill(ctx.t.nextSteps.agentFall, {
      agent: cleanText(worst.agent.agente, 40) || '—',
      then: ctx.format.percentValue(worst.then),
      now: ctx.format.percentValue(worst.now),
      fall: fill(ctx.t.delta.points, { value: ctx.format.signedPoints(-worst.fall) }),
      previousMonth: ctx.previousMonth.name,
      conversations: counted(ctx, 'conversations', worst.agent.conversaciones),
    }),
  };
};

export const NEXT_STEP_RULES = [pauseAdsStep, scaleAdsStep, openQuotationsStep, agentFallStep, pendingTicketsStep] as const;

/** At most MAX_NEXT_STEPS actions, the most money first (stable: rule order breaks ties). */
export const nextSteps = (ctx: CompanyContext): NextStep[] =>
  NEXT_STEP_RULES.map((rule) => rule(ctx))
    .filter((step): step is NextStep => step !== null)
    .sort((a, b) => b.amount - a.amount)
    .slice(0, MAX_NEXT_STEPS);
