/**
 * The send ledger, as the run sees it: one record per person's email (group, month, target, person)
 * that makes retries and re-runs idempotent. Its lock is the hand-over itself: a run claims the email
 * right before it archives it and calls SES, and the claim's attempt stays for good. The DynamoDB
 * adapter is dynamo-ledger.ts.
 */
import type { ClaimResult } from './claim-verdict.ts';
import type { LedgerKey, LedgerState, ResendRecord } from './ledger-state.ts';

export { personHash } from './ledger-state.ts';
export type { Attempt, LedgerKey, LedgerState, ResendRecord } from './ledger-state.ts';
export type { ClaimResult } from './claim-verdict.ts';

/** What a claim is about to hand to SES: recorded on its attempt before the call, so even an unanswered one points at its bytes. */
export interface HandOver {
  subject: string;
  archiveKey: string;
  messageSha256: string;
}

/**
 * The state machine of one person's month. A claim takes the lock (claim id + lease) and appends its
 * attempt in one conditional write; the answer (sent, rejected, given back) ends the lock in another.
 * A lock whose lease ran out without an answer is uncertain: SES may have the message, so only SES's
 * own event or an operator's `force` settles it. Nothing ever removes `sentBy`.
 */
export interface SendLedger {
  /**
   * Takes the right to hand this email to SES now: at most one holder, never while a claim is live, and
   * without `force` never over a month that went out, may have, or was refused for good.
   */
  claim(key: LedgerKey, options: { force: boolean; handOver: HandOver; request?: string | undefined }): Promise<ClaimResult>;
  markSent(key: LedgerKey, claimId: string, sent: { messageId: string }): Promise<void>;
  /** SES refused it for good: recorded, so Lambda's retries do not try again (force does). */
  markRejected(key: LedgerKey, claimId: string, rejection: { reason: string }): Promise<void>;
  /** Gives the claim back after a hand-over that certainly did not reach SES, so the next run (or the request's retry) sends. */
  release(key: LedgerKey, claimId: string, why: { reason: string; request?: string | undefined }): Promise<void>;
  /**
   * The person had unsubscribed when a run reached them: recorded unless the month went out to them or a
   * claim is live (false; that record stays). Over a refused or uncertain copy it is recorded, and the
   * person reads unsubscribed: nobody is waiting for that copy any more.
   */
  recordUnsubscribed(key: LedgerKey, unsubscribed: { addresses: readonly string[] }): Promise<boolean>;
  /**
   * Marks, before the SES call, that request `requestId` re-sends this item's message to `destination`;
   * false when that request already did (a retry of the same event), so it is not sent twice.
   */
  markResending(key: LedgerKey, requestId: string, destination: string): Promise<boolean>;
  /** Takes the mark back after SES answered that it did not take the re-send, so the request's retry sends it. */
  unmarkResending(key: LedgerKey, requestId: string, destination: string): Promise<void>;
  /** Appends a re-send to the attempt whose bytes it sent; false when the ledger has no such attempt. */
  recordResend(key: LedgerKey, claimId: string, resend: ResendRecord): Promise<boolean>;
  /** The email's state now, or undefined when the ledger has no record of it. */
  read(key: LedgerKey): Promise<LedgerState | undefined>;
}

/** How long a ledger item lives after its last claim (DynamoDB TTL); a run refuses older months without force. */
export const LEDGER_RETENTION_DAYS = 400;
