import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../functions/delivery/rate-limiter.ts';

describe('createRateLimiter', () => {
  it('spaces consecutive calls by 1/rate seconds', async () => {
    const waits: number[] = [];
    const throttle = createRateLimiter(4, async (ms) => {
      waits.push(ms);
    });

    for (let call = 0; call < 4; call += 1) await throttle();

    // The first call goes at once; each next one is booked 250 ms after the previous slot.
    expect(waits).toHaveLength(3);
    waits.forEach((wait, index) => expect(wait).toBeGreaterThan(250 * (index + 1) - 50));
  });
});
