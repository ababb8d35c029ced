/**
 * What a claim finds when its conditional write did not go through: the item read back decides whether
 * this run may replace it (force, or a record that every recipient had unsubscribed), must wait for
 * another holder, or must leave a month that is settled. Pure.
 */
import { attemptTime, stateOf, type LedgerKey } from './ledger-state.ts';

export type ClaimResult =
  | { outcome: 'claimed'; claimId: string }
  | { outcome: 'already-sent'; messageId: string; sentAt: string }
  | { outcome: 'in-progress'; leaseUntil: string }
  /** Handed to SES by a run that never recorded the answer: maybe sent, so never sent again automatically. */
  | { outcome: 'uncertain'; handedAt: string }
  /** SES refused it for good (unverified address, rejected content): retrying the same email cannot help. */
  | { outcome: 'rejected'; reason: string; rejectedAt: string }
  /**
   * The month's email went out (or maybe did) to another recipient list: a config change does not make
   * it a new email, only `force` sends it to the new list.
   */
  | { outcome: 'recipients-changed'; earlier: { status: 'sent' | 'uncertain'; at: string; messageId?: string } };

/** `replace`: take the item over, keeping it in the history; `retry`: it changed under us, claim again. */
export type ClaimVerdict = Exclude<ClaimResult, { outcome: 'claimed' }> | 'replace' | 'retry';

export const claimVerdict = (item: Record<string, unknown>, key: LedgerKey, force: boolean, at: Date): ClaimVerdict => {
  const state = stateOf(item, at);
  const leaseUntil = typeof item.leaseUntil === 'number' ? item.leaseUntil : undefined;
  // A live lease always blocks (two runs never send at once), forced or not.
  if ((state.status === 'claimed' || state.status === 'handing') && leaseUntil !== undefined && leaseUntil >= at.getTime()) {
    return { outcome: 'in-progress', leaseUntil: new Date(leaseUntil).toISOString() };
  }
  // An expired claim never reached SES: the plain claim takes it, so another run got there first.
  if (state.status === 'claimed' || state.status === 'handing') return 'retry';
  const changed = state.recipientsHash !== undefined && state.recipientsHash !== key.recipientsHash;
  // Nobody received an unsubscribed record, nor one SES refused: a run with other recipients (the
  // corrected address a rejection asked for) simply sends; the refused attempt stays in the history.
  if (force || state.status === 'unsubscribed' || (state.status === 'rejected' && changed)) return 'replace';
  if (changed && (state.status === 'sent' || state.status === 'uncertain')) {
    return { outcome: 'recipients-changed', earlier: { status: state.status, at: attemptTime(state), ...(state.messageId ? { messageId: state.messageId } : {}) } };
  }
  if (state.status === 'sent') return { outcome: 'already-sent', messageId: state.messageId ?? 'unknown', sentAt: state.sentAt ?? 'unknown' };
  if (state.status === 'rejected') return { outcome: 'rejected', reason: state.reason ?? 'unknown', rejectedAt: state.rejectedAt ?? 'unknown' };
  return { outcome: 'uncertain', handedAt: state.handedAt ?? 'unknown' };
};
