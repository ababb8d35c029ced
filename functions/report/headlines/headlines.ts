// The three to five sentences a director reads first. Each rule looks at one fact and either stays
// silent or returns a sentence with a score; the highest scores come first. Scores encode what a sales
// director acts on: the sales line leads, money burnt on ads and conversion swings come next,
// context (share, best agent, volume) last.
import { adSpendLossRule, bestAdRule, roasRule } from './ad-headlines.ts';
import type { CompanyContext } from '../company/company-context.ts';
import { compare } from '../figures/deltas.ts';
import { cleanText, fill, ratio } from '../format/format.ts';
import { counted, money, previousOf, type Headline, type HeadlineRule } from './headline-rule.ts';
import { salesRate } from '../figures/rates.ts';
import { largestRemainder } from '../figures/shares.ts';

export type { Headline, HeadlineRule } from './headline-rule.ts';
export { adSpendLossRule, bestAdRule, roasRule } from './ad-headlines.ts';

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
  isEmptyMonth(ctx) ? { rule: 'emptyMonth', score: 1000, text: fill(ctx.t.headlines.empty, { month: ctx.month.label }) } : null;

/**
 * Money leads: the amount sold and its change, then the count beside it, so a count that rose while
 * revenue fell is never celebrated alone. When the two moved apart, or the average sale moved 10 % or
 * more, the average sale says why.
 */
export const salesRule: HeadlineRule = (ctx) => {
  const { report, t, format } = ctx;
  const previous = previousOf(ctx);
  const values = {
    sales: counted(ctx, 'sales', report.salesCount),
    amount: money(ctx, report.salesAmount),
    month: ctx.month.name,
    previousMonth: ctx.previousMonth.name,
  };
  // "subió 1.0 %": the verb carries the direction, the number keeps the changes' one decimal.
  const unsigned = (change: number) => format.signedShare(Math.abs(change)).replace(/^\+/, '');
  const sentence = (): string => {
    if (report.salesCount === 0) {
      return previous && previous.salesCount > 0
        ? fill(t.headlines.salesNoneAfter, { ...values, previousSales: counted(ctx, 'sales', previous.salesCount) })
        : fill(t.headlines.salesNone, values);
    }
    if (!previous) return fill(t.headlines.salesPlain, values);
    const revenue = compare(report.salesAmount, previous.salesAmount, 'relative');
    if (revenue.status === 'new') return fill(t.headlines.salesFromZero, values);
    const count = compare(report.salesCount, previous.salesCount, 'relative');
    const countChange =
      count.status === 'up' || count.status === 'down'
        ? fill(t.headlines.salesCountChange, { change: format.signedShare(count.change) })
        : t.headlines.salesCountSame;
    const lead =
      revenue.status === 'up' || revenue.status === 'down'
        ? fill(revenue.status === 'up' ? t.headlines.revenueUp : t.headlines.revenueDown, {
            ...values,
            change: unsigned(revenue.change),
            countChange,
          })
        : fill(t.headlines.revenueSame, { ...values, countChange });
    const average = compare(ratio(report.salesAmount, report.salesCount), ratio(previous.salesAmount, previous.salesCount), 'relative');
    const apart =
      (revenue.status === 'up' ? 1 : revenue.status === 'down' ? -1 : 0) !== (count.status === 'up' ? 1 : count.status === 'down' ? -1 : 0);
    if ((average.status === 'up' || average.status === 'down') && (apart || Math.abs(average.change) >= 0.1)) {
      return `${lead} ${fill(average.status === 'up' ? t.headlines.averageUp : t.headlines.averageDown, {
        change: unsigned(average.change),
        average: money(ctx, report.salesAmount / report.salesCount),
      })}`;
    }
    return lead;
  };
  return { rule: 'sales', score: 100, text: sentence() };
};

/** The amount sold against the same month last year, when IOBot had it: silent otherwise. */
export const yearOverYearRule: HeadlineRule = (ctx) => {
  const before = ctx.lastYear;
  if (!before || isEmptyMonth(ctx)) return null;
  const delta = compare(ctx.report.salesAmount, before.salesAmount, 'relative');
  if (delta.status !== 'up' && delta.status !== 'down') return null;
  return {
    rule: 'yearOverYear',
    score: 62,
    text: fill(delta.status === 'up' ? ctx.t.headlines.yearUp : ctx.t.headlines.yearDown, {
      month: ctx.lastYearMonth.label,
      change: ctx.format.signedShare(Math.abs(delta.change)).replace(/^\+/, ''),
      amount: money(ctx, before.salesAmount),
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
      change: fill(ctx.t.delta.points, { value: ctx.format.signedPoints(delta.change) }),
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
      text: fill(delta.status === 'up' ? t.headlines.quotationsUp : t.headlines.quotationsDown, {
        ...values,
        change: ctx.format.signedShare(Math.abs(delta.change)).replace(/^\+/, ''),
      }),
    };
  }
  return { rule: 'quotations', score: 40, text: fill(t.headlines.quotationsPlain, values) };
};

export const metaShareRule: HeadlineRule = (ctx) => {
  const { report } = ctx;
  // The split table's own share (of ads + organic, largest remainder), so the two never disagree.
  const share = largestRemainder([report.salesThatChatHasAnuncioIdCount, report.salesThatDoesntHaveAnuncioIdCount])?.[0];
  if (share === undefined || report.salesCount === 0 || report.salesThatChatHasAnuncioIdCount === 0) return null;
  return { rule: 'metaShare', score: 75, text: fill(ctx.t.headlines.metaShare, { share: ctx.format.wholePercent(share) }) };
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
  yearOverYearRule,
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
