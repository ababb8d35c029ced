import { describe, expect, it } from 'vitest';
import { largestRemainder } from '../../../functions/report/figures/shares.ts';

describe('largestRemainder', () => {
  it("splits the vendor example's sales 25 / 13 as 66 % / 34 %", () => {
    // 25/38 = 65.79 %, 13/38 = 34.21 %: floors 65 + 34 = 99, the point left goes to .79.
    expect(largestRemainder([25, 13])).toEqual([66, 34]);
  });

  it('makes 70 / 42 quotations add up: 62.5 % / 37.5 % is 63 + 37, not 63 + 38', () => {
    // Equal remainders (.5 each): the larger value takes the point.
    expect(largestRemainder([70, 42])).toEqual([63, 37]);
  });

  it('makes three thirds add up to 100 (34 + 33 + 33), the first taking the tie', () => {
    expect(largestRemainder([1, 1, 1])).toEqual([34, 33, 33]);
  });

  it('gives amounts their own shares: L 62,500 / L 32,500 is 66 % / 34 %', () => {
    // 62,500 / 95,000 = 65.79 %.
    expect(largestRemainder([62_500, 32_500])).toEqual([66, 34]);
  });

  it('keeps a zero part at 0 % and a lone part at 100 %', () => {
    expect(largestRemainder([0, 7])).toEqual([0, 100]);
  });

  it('has no shares for 0 / 0, negative or non-finite values', () => {
    expect(largestRemainder([0, 0])).toBeNull();
    expect(largestRemainder([])).toBeNull();
    expect(largestRemainder([-1, 5])).toBeNull();
    expect(largestRemainder([Number.NaN, 5])).toBeNull();
  });

  it('always sums to 100 when there is a whole', () => {
    for (const values of [
      [1, 2, 3, 4, 5, 6, 7],
      [999, 1],
      [3, 3, 3, 1],
      [0.2, 0.3, 0.5],
    ]) {
      expect(largestRemainder(values)!.reduce((sum, share) => sum + share, 0)).toBe(100);
    }
  });
});
