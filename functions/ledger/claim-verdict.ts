/**
 * What a claim finds when its conditional write did not go through: the item read back decides whether
 * this run may replace it (force, or a record that the person had unsubscribed), must wait for
 * another holder, or must leave a month that is settled. Pure.
 */
import { attemptTime, stateOf, type LedgerState } from './ledger-state.ts';

export type ClaimResult =
  | { outcome: 'claimed'; claimId: string }
  | { outcome: 'already-sent'; messageId: string; sentAt: string }
  | { outcome: 'in-progress'; leaseUntil: string }
  /** Handed to SES by a run that never recorded the answer: maybe sent, so never sent again automatically. */
  | { outcome: 'uncertain'; handedAt: string }
  /** SES refused it for good (unverified address, rejected content): retrying the same email cannot help. */
  | { outcome: 'rejected'; reason: string; rejectedAt: string }
  /** The item kept changing under this claim (SES events landing on it): nothing was sent, run again. */
  | { outcome: 'contended' };

/** `replace`: take the item over, keeping it in the history; `retry`: it changed under us, claim again. */
export type ClaimVerdict = Exclude<ClaimResult, { outcome: 'claimed' }> | 'replace' | 'retry';

/** An attempt that may have reached someone: sent, or handed to SES without an answer. */
export interface Delivered {
  status: 'sent' | 'uncertain';
  recipientsHash: string | undefined;
  at: string;
  messageId?: string | undefined;
}

/**
 * The newest attempt that may have reached someone: the item itself, or one in its history. A forced
 * attempt that failed may sit on top of it (refused, released, or its put-back lost a race), and that
 * must not make the month look unsent.
 */
export const lastDelivered = (state: LedgerState): Delivered | undefined => {
  if (state.status === 'sent' || state.status === 'uncertain') {
    return { status: state.status, recipientsHash: state.recipientsHash, at: attemptTime(state), messageId: state.messageId };
  }
  const entry = state.previous.find((attempt) => attempt.status === 'sent' || attempt.status === 'uncertain');
  if (!entry) return undefined;
  return {
    status: entry.status as Delivered['status'],
    recipientsHash: entry.recipientsHash,
    at: (entry.status === 'sent' ? entry.sentAt : entry.handedAt) ?? entry.replacedAt,
    messageId: entry.messageId,
  };
};

// The item is one person's: a recipient list change adds or drops items, it never reaches this one.
const deliveredVerdict = (delivered: Delivered): ClaimVerdict => {
  if (delivered.status === 'sent') return { outcome: 'already-sent', messageId: delivered.messageId ?? 'unknown', sentAt: delivered.at };
  return { outcome: 'uncertain', handedAt: delivered.at };
};

export const claimVerdict = (item: Record<string, unknown>, force: boolean, at: Date): ClaimVerdict => {
  const state = stateOf(item, at);
  const leaseUntil = typeof item.leaseUntil === 'number' ? item.leaseUntil : undefined;
  // A live lease always blocks (two runs never send at once), forced or not.
  if ((state.status === 'claimed' || state.status === 'handing') && leaseUntil !== undefined && leaseUntil >= at.getTime()) {
    return { outcome: 'in-progress', leaseUntil: new Date(leaseUntil).toISOString() };
  }
  if (force) return 'replace';
  const delivered = lastDelivered(state);
  if (delivered) return deliveredVerdict(delivered);
  // Nothing reached anyone. An expired claim without history is the plain claim's (it lost a race to
  // one): try again. With history (a forced claim that never reached SES) it is taken over here.
  if (state.status === 'claimed') return state.previous.length > 0 ? 'replace' : 'retry';
  // Nobody received an unsubscribed record: a run after the person subscribed again simply sends.
  // (A corrected address is another person, with an item of its own.)
  if (state.status === 'unsubscribed') return 'replace';
  return { outcome: 'rejected', reason: state.reason ?? 'unknown', rejectedAt: state.rejectedAt ?? 'unknown' };
};
