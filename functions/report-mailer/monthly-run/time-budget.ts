/**
 * How long this invocation may go on claiming companies. A Lambda is killed at its timeout, mid-send
 * and unrecorded; so the run stops starting companies while there is still time to finish the ones in
 * flight (their token-bucket wait, the SES call with its retries, the ledger record) and the group
 * summary, and says what is left. The ledger makes the next run (Lambda's retry, a console re-run)
 * send only the rest.
 */
export interface TimeBudget {
  /** Milliseconds until the invocation is killed. */
  remainingMs(): number;
  /** Milliseconds kept for finishing what was started. */
  readonly reserveMs: number;
  /** False once the time left is down to the reserve: start nothing new. */
  canStart(): boolean;
  /** Emails that fit in the time left before the reserve at `perSecond`. */
  capacity(perSecond: number): number;
}

/** For runs without a deadline (tests, local runs without a Lambda context). */
export const NO_DEADLINE: TimeBudget = {
  remainingMs: () => Number.POSITIVE_INFINITY,
  reserveMs: 0,
  canStart: () => true,
  capacity: () => Number.POSITIVE_INFINITY,
};

/**
 * The reserve: the in-flight deliveries drain through the token bucket (`concurrency ÷ rate`), then one
 * of them may still need `finishMs` (an SES call through its retries and timeouts, the ledger write,
 * the group summary, the last logs).
 */
export const reserveFor = (options: { concurrency: number; sendRatePerSecond: number; finishMs: number }): number =>
  Math.ceil((options.concurrency / options.sendRatePerSecond) * 1000) + options.finishMs;

export const createTimeBudget = (remainingMs: () => number, reserveMs: number): TimeBudget => ({
  remainingMs,
  reserveMs,
  canStart: () => remainingMs() > reserveMs,
  capacity: (perSecond) => Math.max(0, Math.floor(((remainingMs() - reserveMs) / 1000) * perSecond)),
});
