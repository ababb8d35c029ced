import { describe, expect, it } from 'vitest';
import { analyzeAds, exchangeRate, roas } from '../../../functions/report/figures/ad-efficiency.ts';
import { adSchema, type AdRow } from '../../../functions/iobot/report-schema.ts';

const ad = (fields: Partial<AdRow>): AdRow =>
  adSchema.parse({
    adId: '1',
    name: 'Ad',
    spend: 100,
    currency: 'USD',
    sales: 0,
    salesAmount: 0,
    quotations: 0,
    quotationsAmount: 0,
    ...fields,
  });

const RATES = { 'USD:HNL': 24.7 };

describe('exchangeRate', () => {
  it('is 1 within one currency and the configured rate across two', () => {
    expect(exchangeRate('USD', 'USD', {})).toBe(1);
    expect(exchangeRate('USD', 'HNL', RATES)).toBe(24.7);
  });

  it('never guesses: no configured pair (or its inverse), no rate', () => {
    expect(exchangeRate('HNL', 'USD', RATES)).toBeNull();
    expect(exchangeRate('EUR', 'HNL', RATES)).toBeNull();
    expect(exchangeRate(null, 'HNL', RATES)).toBeNull();
    expect(exchangeRate('USD', null, RATES)).toBeNull();
  });
});

describe('roas', () => {
  it('divides sales by spend when both are in the same currency', () => {
    expect(roas(1000, 250, 'USD', 'USD', {})).toBe(4);
  });

  it('converts the spend with the configured rate first', () => {
    expect(roas(30000, 350, 'USD', 'HNL', RATES)).toBeCloseTo(30000 / (350 * 24.7));
  });

  it('is unavailable across currencies without a rate, and for zero spend', () => {
    expect(roas(30000, 350, 'USD', 'HNL', {})).toBeNull();
    expect(roas(30000, 0, 'HNL', 'HNL', {})).toBeNull();
  });
});

describe('analyzeAds', () => {
  it('computes cost per result in the spend currency, and null (shown as "—") without results', () => {
    const [row] = analyzeAds([ad({ spend: 350, sales: 12, quotations: 28 })], 'HNL', {}).ads;
    expect(row?.costPerSale).toBeCloseTo(350 / 12);
    expect(row?.costPerQuotation).toBe(12.5);
    const [idle] = analyzeAds([ad({ spend: 0 })], 'HNL', {}).ads;
    expect(idle?.costPerSale).toBeNull();
    expect(idle?.costPerQuotation).toBeNull();
  });

  it('flags ads that spent without a sale and totals that spend per currency', () => {
    const result = analyzeAds(
      [
        ad({ spend: 40 }),
        ad({ spend: 60, quotations: 3 }),
        ad({ spend: 25, currency: 'EUR' }),
        ad({ spend: 0 }),
        ad({ spend: 80, sales: 2 }),
      ],
      'HNL',
      RATES,
    );
    expect(result.wasted.count).toBe(3);
    expect(result.wasted.spend).toEqual([
      { currency: 'EUR', amount: 25 },
      { currency: 'USD', amount: 100 },
    ]);
    expect(result.spend).toEqual([
      { currency: 'EUR', amount: 25 },
      { currency: 'USD', amount: 180 },
    ]);
  });

  it('gives an overall ROAS only when every spend converts', () => {
    const convertible = analyzeAds([ad({ spend: 100, sales: 1, salesAmount: 4940 }), ad({ spend: 100 })], 'HNL', RATES);
    expect(convertible.roas).toBeCloseTo(4940 / (200 * 24.7));
    expect(convertible.conversions).toEqual([{ from: 'USD', to: 'HNL', rate: 24.7 }]);

    const mixed = analyzeAds([ad({ spend: 100, sales: 1, salesAmount: 4940 }), ad({ spend: 10, currency: 'EUR' })], 'HNL', RATES);
    expect(mixed.roas).toBeNull();
    expect(mixed.ads[0]?.roas).not.toBeNull();
    expect(mixed.ads[1]?.roas).toBeNull();
    expect(mixed.conversions).toEqual([]);
  });

  it('treats an unknown spend currency as unconvertible', () => {
    const result = analyzeAds([ad({ spend: 100, sales: 1, salesAmount: 500, currency: 'dólares' })], 'HNL', RATES);
    expect(result.ads[0]?.spendCurrency).toBeNull();
    expect(result.roas).toBeNull();
    expect(result.spend).toEqual([{ currency: null, amount: 100 }]);
  });

  it('divides cost per ad sale by the same sales ROAS divides: those with per-ad detail', () => {
    // Two ads: USD 100 + USD 50 = USD 150 × 24.7 = L 3,705 over the 3 sales they carry = L 1,235.
    const converted = analyzeAds([ad({ spend: 100, sales: 2, salesAmount: 4000 }), ad({ spend: 50, sales: 1 })], 'HNL', RATES);
    expect(converted.costPerSale).toEqual({ cost: 1235, spend: { amount: 3705, currency: 'HNL' }, sales: 3 });
    // Without a rate, in the ads' own currency: USD 150 / 3.
    expect(analyzeAds([ad({ spend: 100, sales: 2 }), ad({ spend: 50, sales: 1 })], 'HNL', {}).costPerSale).toEqual({
      cost: 50,
      spend: { amount: 150, currency: 'USD' },
      sales: 3,
    });
    // Spend in two currencies that do not convert, or no sale: no figure rather than a mixed one.
    expect(analyzeAds([ad({ spend: 100, sales: 2 }), ad({ spend: 50, currency: 'EUR', sales: 1 })], 'HNL', {}).costPerSale).toBeNull();
    expect(analyzeAds([ad({ spend: 100 })], 'HNL', RATES).costPerSale).toBeNull();
  });
});
