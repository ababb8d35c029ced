// The headlines about Meta ads: spend that did not pay for itself, what the ads returned, the best ad.
import { cleanText, fill, plural, ratio } from '../format/format.ts';
import { counted, money, moneyList, type HeadlineRule } from './headline-rule.ts';
import { roasWords } from '../format/roas-words.ts';

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
      value: roasWords(ctx.format, ctx.t, ctx.currency, value),
    }),
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
