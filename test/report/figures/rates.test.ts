import { describe, expect, it } from 'vitest';
import { definedRate, salesRate } from '../../../functions/report/figures/rates.ts';
import { emptyReport, seedReport } from '../../fixtures/reports.ts';

describe('rates', () => {
  it('keeps a rate whose denominator is positive', () => {
    expect(definedRate(7.04, 540)).toBe(7.04);
  });

  it('has no rate over zero (0/0 is not 0 %)', () => {
    expect(definedRate(0, 0)).toBeNull();
  });

  it('reads the sales conversion rate only when there were conversations', () => {
    const seed = seedReport();

    expect(salesRate(seed)).toBe(seed.salesConversionRate);
    expect(salesRate(emptyReport())).toBeNull();
  });
});
