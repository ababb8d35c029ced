// What every headline rule returns and the wording helpers they share.
import type { Money } from '../figures/ad-efficiency.ts';
import type { CompanyContext } from '../company/company-context.ts';
import { joinList, plural } from '../format/format.ts';

/** One sentence, the rule that wrote it and its importance (higher comes first). */
export interface Headline {
  rule: string;
  score: number;
  text: string;
}

export type HeadlineRule = (ctx: CompanyContext) => Headline | null;

type CountKind = keyof CompanyContext['t']['counts'];

export const counted = (ctx: CompanyContext, kind: CountKind, value: number): string =>
  plural(ctx.t.counts[kind], value, ctx.language, { count: ctx.format.integer(value) });

export const money = (ctx: CompanyContext, amount: number): string => ctx.format.money(amount, ctx.currency);

export const moneyList = (ctx: CompanyContext, items: Money[]): string =>
  joinList(
    items.map((item) => ctx.format.money(item.amount, item.currency)),
    ctx.words,
  );

/** Last month, only when there is one to compare with. */
export const previousOf = (ctx: CompanyContext) => (ctx.comparison === 'available' ? ctx.previous : null);
