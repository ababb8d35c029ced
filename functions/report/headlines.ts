// The three to five sentences a director reads first. Each rule looks at one fact and either stays
// silent or returns a sentence with a score; the highest scores come first. Scores encode what a sales
// director acts on: the sales line leads, money burnt on ads and conversion swings come next,
// context (share, best agent, volume) last.
import type { Money } from './ad-efficiency.ts';
import type { CompanyContext } from './company-context.ts';
import { compare } from './deltas.ts';
import { cleanText, fill, plural, ratio } from './format.ts';
import { salesRate } from './rates.ts';
import { memoize } from '../shared/memoize.ts';

/** One sentence, the rule that wrote it and its importance (higher comes first). */
export interface Headline {
  rule: string;
  score: number;
  text: string;
}

export type HeadlineRule = (ctx: CompanyContext) => Headline | null;

type CountKind = keyof CompanyContext['t']['counts'];

const counted = (ctx: CompanyContext, kind: CountKind, value: number): string =>
  plural(ctx.t.counts[kind], value, ctx.language, { count: ctx.format.integer(value) });

const money = (ctx: CompanyContext, amount: number): string => ctx.format.money(amount, ctx.currency);

const listFormat = memoize((locale: string) => locale, (locale: string) => new Intl.ListFormat(locale, { type: 'conjunction' }));
export const joinList = (items: string[], locale: string): string => listFormat(locale).format(items);

const moneyList = (ctx: CompanyContext, items: Money[]): string =>
  joinList(
    items.map((item) => ctx.format.money(item.amount, item.currency)),
    ctx.words,
  );

/** Last month, only when there is one to compare with. */
const previousOf = (ctx: CompanyContext) => (ctx.comparison === 'available' ? ctx.previous : null);

export const isEmptyMonth = (ctx: CompanyContext): boolean => {
  const report = ctx.report;
  return (
    report.conversaciones === 0 &&
    report.salesCount === 0 &&
    report.quotationsCount === 0 &&
    report.adsBreakdown.every((ad) => ad.spend === 0) &&
    report.agentes.every((agent) => agent.totalTickets === 0)
  );
};

export const emptyMonthRule: HeadlineRule = (ctx) =>
  isEmptyMonth(ctx)
    ? { rule: 'emptyMonth', score: 1000, text: fill(ctx.t.headlines.empty, { month: ctx.month.label }) }
    : null;

export const salesRule: HeadlineRule = (ctx) => {
  const { report, t } = ctx;
  const previous = previousOf(ctx);
  const values = {
    sales: counted(ctx, 'sales', report.salesCount),
    amount: money(ctx, report.salesAmount),
    month: ctx.month.name,
    previousMonth: ctx.previousMonth.name,
  };
  const sentence = (): string => {
    if (report.salesCount === 0) {
      return previous && previous.salesCount > 0
        ? fill(t.headlines.salesNoneAfter, { ...values, previousSales: counted(ctx, 'sales', previous.salesCount) })
        : fill(t.headlines.salesNone, values);
    }
    if (!previous) return fill(t.headlines.salesPlain, values);
    const delta = compare(report.salesCount, previous.salesCount, 'relative');
    if (delta.status === 'new') return fill(t.headlines.salesFromZero, values);
    if (delta.status === 'up' || delta.status === 'down') {
      return fill(t.headlines.salesChange, { ...values, change: ctx.format.signedShare(delta.change) });
    }
    return fill(t.headlines.salesSame, values);
  };
  return { rule: 'sales', score: 100, text: sentence() };
};

/**
 * Ad spend that did not pay for itself. With every ad's spend comparable to the sales currency, the
 * ads whose sales are worth less than their spend, weighted by that spend ("2 anuncios vendieron
 * menos de lo que gastaron: L 5,000.00 de L 8,645.00 de gasto (58 %)"); otherwise, without a rate,
 * only what can be said without converting: the ads that spent and sold nothing.
 */
export const adSpendLossRule: HeadlineRule = (ctx) => {
  const { lossMaking, convertedSpend, wasted, spend } = ctx.ads;
  if (lossMaking && convertedSpend !== null) {
    if (lossMaking.count === 0) return null;
    return {
      rule: 'adSpendLoss',
      // Losing a quarter of the budget is a headline; a small ad that missed is a footnote.
      score: lossMaking.share >= 0.25 ? 90 : 65,
      text: plural(ctx.t.headlines.adsLoss, lossMaking.count, ctx.language, {
        count: ctx.format.integer(lossMaking.count),
        spend: money(ctx, lossMaking.spend),
        total: money(ctx, convertedSpend),
        share: ctx.format.share(lossMaking.share),
      }),
    };
  }
  if (wasted.count === 0) return null;
  const worstShare = Math.max(
    ...wasted.spend.map((item) => ratio(item.amount, spend.find((total) => total.currency === item.currency)?.amount ?? 0) ?? 0),
  );
  return {
    rule: 'adSpendLoss',
    score: worstShare >= 0.25 ? 90 : 65,
    text: plural(ctx.t.headlines.adsWithoutSales, wasted.count, ctx.language, {
      count: ctx.format.integer(wasted.count),
      amount: moneyList(ctx, wasted.spend),
    }),
  };
};

/** What the ads with per-ad detail returned, when their spend converts to the sales currency. */
export const roasRule: HeadlineRule = (ctx) => {
  const { roas: value, convertedSpend, detail } = ctx.ads;
  if (value === null || convertedSpend === null || convertedSpend <= 0) return null;
  return {
    rule: 'roas',
    // Below 1× the ads lost money overall: that outranks every context line.
    score: value < 1 ? 88 : 58,
    text: fill(ctx.t.headlines.roas, {
      salesAmount: money(ctx, detail.salesAmount),
      spend: money(ctx, convertedSpend),
      value: fill(ctx.t.ads.roasValue, { value: ctx.format.decimal(value, value < 1 ? 2 : 1) }),
    }),
  };
};

export const conversionChangeRule: HeadlineRule = (ctx) => {
  const previous = previousOf(ctx);
  if (!previous) return null;
  const current = salesRate(ctx.report);
  const delta = compare(current, salesRate(previous), 'points');
  if ((delta.status !== 'up' && delta.status !== 'down') || Math.abs(delta.change) < 1) return null;
  return {
    rule: 'conversionChange',
    score: Math.abs(delta.change) >= 2 ? 85 : 70,
    text: fill(ctx.t.headlines.conversionChange, {
      rate: ctx.format.percentValue(current),
      change: fill(ctx.t.delta.points, { value: ctx.format.signedDecimal(delta.change, 1) }),
      previousMonth: ctx.previousMonth.name,
    }),
  };
};

export const quotationsRule: HeadlineRule = (ctx) => {
  const { report, t } = ctx;
  if (report.quotationsCount === 0) {
    return { rule: 'quotations', score: 60, text: fill(t.headlines.quotationsNone, { month: ctx.month.name }) };
  }
  const values = {
    quotations: counted(ctx, 'quotations', report.quotationsCount),
    amount: money(ctx, report.quotationsAmount),
    previousMonth: ctx.previousMonth.name,
  };
  const previous = previousOf(ctx);
  const delta = previous ? compare(report.quotationsCount, previous.quotationsCount, 'relative') : null;
  if ((delta?.status === 'up' || delta?.status === 'down') && Math.abs(delta.change) >= 0.1) {
    return {
      rule: 'quotations',
      score: 80,
      text: fill(t.headlines.quotationsChange, { ...values, change: ctx.format.signedShare(delta.change) }),
    };
  }
  return { rule: 'quotations', score: 40, text: fill(t.headlines.quotationsPlain, values) };
};

export const metaShareRule: HeadlineRule = (ctx) => {
  const { report } = ctx;
  const share = ratio(report.salesThatChatHasAnuncioIdCount, report.salesCount);
  if (share === null || share === 0) return null;
  return { rule: 'metaShare', score: 75, text: fill(ctx.t.headlines.metaShare, { share: ctx.format.share(share) }) };
};

export const pendingTicketsRule: HeadlineRule = (ctx) => {
  const total = ctx.report.agentes.reduce((sum, agent) => sum + agent.totalTickets, 0);
  const open = ctx.report.agentes.reduce((sum, agent) => sum + agent.pendientes + agent.proceso, 0);
  const share = ratio(open, total);
  if (share === null || open < 5 || share < 0.2) return null;
  return {
    rule: 'pendingTickets',
    score: 68,
    text: fill(ctx.t.headlines.pendingTickets, { tickets: counted(ctx, 'tickets', open), share: ctx.format.share(share) }),
  };
};

export const bestAdRule: HeadlineRule = (ctx) => {
  const selling = ctx.ads.ads.filter((row) => row.costPerSale !== null && row.ad.sales > 0);
  // With a single selling ad, "best" says nothing the ads table doesn't.
  if (selling.length < 2) return null;
  const best = selling.reduce((a, b) => ((b.costPerSale ?? Infinity) < (a.costPerSale ?? Infinity) ? b : a));
  return {
    rule: 'bestAd',
    score: 55,
    text: fill(ctx.t.headlines.bestAd, {
      ad: cleanText(best.ad.name, 50) || best.ad.adId,
      sales: counted(ctx, 'sales', best.ad.sales),
      cost: ctx.format.money(best.costPerSale, best.spendCurrency),
    }),
  };
};

export const topAgentRule: HeadlineRule = (ctx) => {
  const [top] = ctx.agents;
  const share = top ? ratio(top.ventas, ctx.report.salesCount) : null;
  // In a large team the leader's 1 % says nothing; a fifth of all sales does.
  if (ctx.agents.length < 2 || !top || share === null || share < 0.2) return null;
  return {
    rule: 'topAgent',
    score: 50,
    text: fill(ctx.t.headlines.topAgent, {
      agent: cleanText(top.agente, 40) || '—',
      sales: counted(ctx, 'sales', top.ventas),
      total: ctx.format.integer(ctx.report.salesCount),
      share: ctx.format.share(share),
    }),
  };
};

export const conversationsRule: HeadlineRule = (ctx) => {
  const previous = previousOf(ctx);
  const values = {
    conversations: counted(ctx, 'conversations', ctx.report.conversaciones),
    previousMonth: ctx.previousMonth.name,
  };
  const delta = previous ? compare(ctx.report.conversaciones, previous.conversaciones, 'relative') : null;
  const text =
    delta?.status === 'up' || delta?.status === 'down'
      ? fill(ctx.t.headlines.conversationsChange, { ...values, change: ctx.format.signedShare(delta.change) })
      : fill(ctx.t.headlines.conversationsPlain, values);
  return { rule: 'conversations', score: 30, text };
};

export const HEADLINE_RULES: readonly HeadlineRule[] = [
  salesRule,
  adSpendLossRule,
  roasRule,
  conversionChangeRule,
  quotationsRule,
  metaShareRule,
  pendingTicketsRule,
  bestAdRule,
  topAgentRule,
  conversationsRule,
];

/**
 * Up to `max` sentences, most important first. Sales, quotations and conversations always speak, so
 * a month with activity gets at least three; an empty month gets one honest line instead of three
 * sentences about zeros.
 */
export const headlines = (ctx: CompanyContext, max = 5): Headline[] => {
  const empty = emptyMonthRule(ctx);
  if (empty) return [empty];
  return HEADLINE_RULES.map((rule) => rule(ctx))
    .filter((headline): headline is Headline => headline !== null)
    .sort((a, b) => b.score - a.score)
    .slice(0, max);
};
