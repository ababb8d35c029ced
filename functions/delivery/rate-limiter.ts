/**
 * Spaces calls so that at most `perSecond` start in any second: SES enforces a per-account send rate
 * and answers Throttling beyond it. Sends are sequential, so a shared "next slot" is enough.
 */
export const createRateLimiter = (perSecond: number, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))) => {
  const interval = 1000 / perSecond;
  let nextSlot = 0;
  return async (): Promise<void> => {
    const now = Date.now();
    const wait = Math.max(0, nextSlot - now);
    nextSlot = Math.max(now, nextSlot) + interval;
    if (wait > 0) await sleep(wait);
  };
};
