/**
 * What a claim that did not go through found, read from the very item that failed its condition. Pure.
 */
import { attemptTime, type Attempt, type LedgerState } from './ledger-state.ts';

export type ClaimResult =
  | { outcome: 'claimed'; claimId: string }
  /** `byThisRequest`: a forced event's own earlier copy (Lambda retried the event): forced once is enough. */
  | { outcome: 'already-sent'; messageId: string; sentAt: string; byThisRequest?: true }
  | { outcome: 'in-progress'; leaseUntil: string }
  /** Handed to SES by a run that never recorded the answer: maybe sent, so never sent again automatically. */
  | { outcome: 'uncertain'; handedAt: string }
  /** SES refused it for good (unverified address, rejected content): retrying the same email cannot help. */
  | { outcome: 'rejected'; reason: string; rejectedAt: string }
  /** Another forced claim took over the same expired hand-over first: nothing was sent, run again. */
  | { outcome: 'contended' };

export type NotClaimed = Exclude<ClaimResult, { outcome: 'claimed' }>;

/** Why the item blocks an unforced claim; undefined when it does not (nothing reached the person). */
export const claimVerdict = (state: LedgerState): NotClaimed | undefined => {
  switch (state.status) {
    case 'handing':
      return { outcome: 'in-progress', leaseUntil: state.leaseUntil ?? 'unknown' };
    case 'sent':
      return { outcome: 'already-sent', messageId: state.attempt?.messageId ?? 'unknown', sentAt: attemptTime(state) };
    case 'uncertain':
      return { outcome: 'uncertain', handedAt: state.attempt?.handedAt ?? 'unknown' };
    case 'rejected':
      return { outcome: 'rejected', reason: state.attempt?.reason ?? 'unknown', rejectedAt: attemptTime(state) };
    default:
      return undefined;
  }
};

/** What an earlier attempt of the same forced request says: a forced request sends each person once. */
export const attemptVerdict = (attempt: Attempt, state: LedgerState): NotClaimed => {
  const verdict = claimVerdict({ ...state, attempt, status: attempt.status === 'not-sent' ? 'released' : attempt.status });
  if (!verdict) return { outcome: 'contended' };
  return verdict.outcome === 'already-sent' ? { ...verdict, byThisRequest: true } : verdict;
};
