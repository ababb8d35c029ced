import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../functions/delivery/rate-limiter.ts';

/** A clock that only moves when told to, and a sleep that records its waits. */
const fakeTime = () => {
  let now = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    advance: (ms: number) => (now += ms),
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
};

describe('createRateLimiter (token bucket)', () => {
  it('spaces calls made at the same instant by 1/rate each, in call order', async () => {
    // prepare
    const time = fakeTime();
    const throttle = createRateLimiter(4, time);

    // act: five concurrent callers, as the delivery pool makes them
    await Promise.all(Array.from({ length: 5 }, () => throttle()));

    // assert: the first token is there; the others accrue 250 ms apart
    expect(time.waits).toEqual([250, 500, 750, 1000]);
  });

  it('lets `burst` calls through at once after an idle spell, then paces the rest', async () => {
    // prepare
    const time = fakeTime();
    const throttle = createRateLimiter(10, { ...time, burst: 3 });
    time.advance(10_000);

    // act
    await Promise.all(Array.from({ length: 5 }, () => throttle()));

    // assert
    expect(time.waits.map((wait) => Math.round(wait))).toEqual([100, 200]);
  });

  it('does not wait when calls come slower than the rate, and never hoards past the burst', async () => {
    // prepare
    const time = fakeTime();
    const throttle = createRateLimiter(2, time);

    // act
    await throttle();
    time.advance(600);
    await throttle();
    time.advance(60_000);
    await throttle();
    await throttle();

    // assert: an hour idle still buys one token, not thousands
    expect(time.waits).toEqual([500]);
  });

  it('refuses a rate or burst that cannot pace anything', () => {
    expect(() => createRateLimiter(0)).toThrow('rate limiter needs perSecond > 0 and burst >= 1 (got 0, 1)');
    expect(() => createRateLimiter(5, { burst: 0.5 })).toThrow('(got 5, 0.5)');
  });
});
