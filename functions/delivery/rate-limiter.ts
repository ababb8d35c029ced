/**
 * A token bucket shared by every concurrent delivery of a run: tokens refill at `perSecond` up to
 * `burst`, each SES call takes one. SES enforces a per-account send rate and answers Throttling beyond
 * it; with the default burst of 1 no window of any length sees more than `perSecond` calls per second
 * (plus one), so the pool of deliveries can be as wide as latency needs without bursting past the quota.
 *
 * Each call reserves its token synchronously (the bucket may go into debt), so concurrent callers are
 * served in call order, each waiting exactly until its token has accrued.
 */
export interface RateLimiterOptions {
  /** Tokens the bucket holds when full: calls that may go back to back after an idle spell. */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves when the next call may start. `perSecond` > 0; `burst` ≥ 1 (default 1). */
export const createRateLimiter = (perSecond: number, options: RateLimiterOptions = {}): (() => Promise<void>) => {
  const burst = options.burst ?? 1;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  if (!(perSecond > 0) || !(burst >= 1))
    throw new RangeError(`rate limiter needs perSecond > 0 and burst >= 1 (got ${perSecond}, ${burst})`);
  const perMs = perSecond / 1000;
  let tokens = burst;
  let updatedAt = now();

  return async (): Promise<void> => {
    const at = now();
    tokens = Math.min(burst, tokens + (at - updatedAt) * perMs);
    updatedAt = at;
    tokens -= 1;
    // Negative tokens are the reservations queued ahead of (and including) this one.
    if (tokens < 0) await sleep(-tokens / perMs);
  };
};
