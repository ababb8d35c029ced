import { describe, expect, it } from 'vitest';
import { createTimeBudget, NO_DEADLINE, reserveFor } from '../../../functions/report-mailer/monthly-run/time-budget.ts';

describe('time budget', () => {
  it('keeps a reserve for draining the pool through the bucket plus finishing the last send', () => {
    expect(reserveFor({ concurrency: 20, sendRatePerSecond: 50, finishMs: 20_000 })).toBe(20_400);
    expect(reserveFor({ concurrency: 2, sendRatePerSecond: 5, finishMs: 20_000 })).toBe(20_400);
  });

  it('allows starting while more than the reserve is left, and counts the emails that fit before it', () => {
    // prepare
    let remaining = 300_000;
    const budget = createTimeBudget(() => remaining, 20_400);

    // act
    const before = { canStart: budget.canStart(), at50: budget.capacity(50), at5: budget.capacity(5) };
    remaining = 20_400;
    const after = { canStart: budget.canStart(), at50: budget.capacity(50) };

    // assert: (300 s − 20.4 s) × rate
    expect(before).toEqual({ canStart: true, at50: 13_980, at5: 1_398 });
    expect(after).toEqual({ canStart: false, at50: 0 });
  });

  it('has no deadline outside Lambda', () => {
    expect(NO_DEADLINE.canStart()).toBe(true);
    expect(NO_DEADLINE.capacity(50)).toBe(Number.POSITIVE_INFINITY);
  });
});
