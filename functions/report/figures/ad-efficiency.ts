// Cost per result and ROAS per Meta ad, with spend kept apart per currency.
import { currencyCode, ratio } from '../format/format.ts';
import type { AdRow } from '../../iobot/report-schema.ts';

/** An amount with the currency it is in (null: unknown currency, shown as a plain number). */
export interface Money {
  amount: number;
  currency: string | null;
}

export interface AdEfficiency {
  ad: AdRow;
  spendCurrency: string | null;
  /** In the spend currency; null when the ad had no sales (division by zero). */
  costPerSale: number | null;
  costPerQuotation: number | null;
  spentWithoutSales: boolean;
  /** Sales amount per unit of spend, or null when the currencies cannot be compared. */
  roas: number | null;
}

export interface AdsEfficiency {
  ads: AdEfficiency[];
  spend: Money[];
  /** Ads that spent money and brought no sale. */
  wasted: { count: number; spend: Money[] };
  /** Over every ad; null unless every ad's spend converts to the sales currency. */
  roas: number | null;
  /** The configured rates ROAS used, when spend and sales are in different currencies. */
  conversions: { from: string; to: string; rate: number }[];
  /** Every ad's spend in the sales currency; null unless every ad's spend converts. */
  convertedSpend: number | null;
  /** What the per-ad detail adds up to (it covers only the report's ad account). */
  detail: { sales: number; quotations: number; salesAmount: number };
  /**
   * Ads whose sales are worth less than their spend, with that spend in the sales currency and its
   * share of all spend; null when the currencies cannot be compared.
   */
  lossMaking: { count: number; spend: number; share: number } | null;
  /**
   * Spend in one currency (the sales currency when every ad's spend converts, else the ads' own when
   * they share one) over the sales with per-ad detail: the sales that spend can be tied to, the same
   * ones ROAS divides. Null without one currency, without spend or without such sales.
   */
  costPerSale: { cost: number; spend: Money; sales: number } | null;
}

/**
 * How many units of `to` one unit of `from` is worth: 1 for the same currency, the group's configured
 * rate (`exchangeRates["USD:HNL"]`) otherwise, and null when unknown: currencies are never mixed.
 */
export const exchangeRate = (from: string | null, to: string | null, rates: Readonly<Record<string, number>>): number | null => {
  if (!from || !to) return null;
  if (from === to) return 1;
  const rate = rates[`${from}:${to}`];
  return rate !== undefined && Number.isFinite(rate) && rate > 0 ? rate : null;
};

export const roas = (
  salesAmount: number,
  spend: number,
  spendCurrency: string | null,
  salesCurrency: string | null,
  rates: Readonly<Record<string, number>>,
): number | null => {
  const rate = exchangeRate(spendCurrency, salesCurrency, rates);
  return rate === null ? null : ratio(salesAmount, spend * rate);
};

const sumByCurrency = (items: Money[]): Money[] => {
  const totals = new Map<string | null, number>();
  for (const item of items) totals.set(item.currency, (totals.get(item.currency) ?? 0) + item.amount);
  return [...totals].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => (a.currency ?? '').localeCompare(b.currency ?? ''));
};

/**
 * The exchange rates a company's ads need and the group does not configure ("USD:GTQ"): without one,
 * its ads' spend cannot be set against their sales, so ROAS and loss flags are not computed. The run
 * reports these to operators (see deliver-companies.ts); the customer's email says what it can.
 */
export const missingExchangeRates = (
  ads: readonly AdRow[],
  salesCurrency: string | null,
  rates: Readonly<Record<string, number>>,
): string[] => {
  const missing = new Set<string>();
  for (const ad of ads) {
    if (!(ad.spend > 0)) continue;
    const from = currencyCode(ad.currency);
    if (exchangeRate(from, salesCurrency, rates) === null) missing.add(`${from ?? ad.currency ?? '?'}:${salesCurrency ?? '?'}`);
  }
  return [...missing].sort();
};

/** Cost per result and ROAS per ad, plus totals kept apart per spend currency. */
export const analyzeAds = (ads: readonly AdRow[], salesCurrency: string | null, rates: Readonly<Record<string, number>>): AdsEfficiency => {
  const rows = ads.map((ad): AdEfficiency => {
    const spendCurrency = currencyCode(ad.currency);
    return {
      ad,
      spendCurrency,
      costPerSale: ratio(ad.spend, ad.sales),
      costPerQuotation: ratio(ad.spend, ad.quotations),
      spentWithoutSales: ad.spend > 0 && ad.sales === 0,
      roas: roas(ad.salesAmount, ad.spend, spendCurrency, salesCurrency, rates),
    };
  });
  const spending = rows.filter((row) => row.ad.spend > 0);
  const wasted = rows.filter((row) => row.spentWithoutSales);
  const rateOf = (row: AdEfficiency) => exchangeRate(row.spendCurrency, salesCurrency, rates);
  const convertible = spending.length > 0 && spending.every((row) => rateOf(row) !== null);
  const convertedSpend = convertible ? spending.reduce((sum, row) => sum + row.ad.spend * (rateOf(row) ?? 0), 0) : 0;
  const foreign = [...new Set(spending.map((row) => row.spendCurrency))].filter(
    (currency): currency is string => currency !== null && currency !== salesCurrency,
  );
  const losing = convertible ? spending.filter((row) => row.ad.salesAmount < row.ad.spend * (rateOf(row) ?? 0)) : [];
  const losingSpend = losing.reduce((sum, row) => sum + row.ad.spend * (rateOf(row) ?? 0), 0);
  const detailSales = rows.reduce((sum, row) => sum + row.ad.sales, 0);
  const spendTotals = sumByCurrency(spending.map((row) => ({ amount: row.ad.spend, currency: row.spendCurrency })));
  const oneCurrencySpend: Money | undefined = convertible
    ? { amount: convertedSpend, currency: salesCurrency }
    : spendTotals.length === 1
      ? spendTotals[0]
      : undefined;
  const costPerSale =
    oneCurrencySpend && oneCurrencySpend.amount > 0 && detailSales > 0
      ? { cost: oneCurrencySpend.amount / detailSales, spend: oneCurrencySpend, sales: detailSales }
      : null;
  return {
    ads: rows,
    spend: sumByCurrency(rows.map((row) => ({ amount: row.ad.spend, currency: row.spendCurrency }))),
    wasted: {
      count: wasted.length,
      spend: sumByCurrency(wasted.map((row) => ({ amount: row.ad.spend, currency: row.spendCurrency }))),
    },
    roas: convertible
      ? ratio(
          rows.reduce((sum, row) => sum + row.ad.salesAmount, 0),
          convertedSpend,
        )
      : null,
    conversions:
      convertible && salesCurrency
        ? foreign.sort().map((from) => ({ from, to: salesCurrency, rate: exchangeRate(from, salesCurrency, rates) ?? 1 }))
        : [],
    convertedSpend: convertible ? convertedSpend : null,
    detail: {
      sales: detailSales,
      quotations: rows.reduce((sum, row) => sum + row.ad.quotations, 0),
      salesAmount: rows.reduce((sum, row) => sum + row.ad.salesAmount, 0),
    },
    lossMaking: convertible ? { count: losing.length, spend: losingSpend, share: ratio(losingSpend, convertedSpend) ?? 0 } : null,
    costPerSale,
  };
};
