/**
 * The send ledger: one DynamoDB item per email (group, month, target) that makes retries and re-runs
 * idempotent, whoever the recipients are now. A claim with a lease stops two runs from sending the same
 * email at once.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { claimVerdict, type ClaimResult } from './claim-verdict.ts';
import { attemptOf, historyAfter, restoredFrom } from './ledger-history.ts';
import { ledgerItemKey, personHash, stateOf, type LedgerKey, type LedgerState } from './ledger-state.ts';
import {
  FREE,
  freeValues,
  holderCondition,
  ignoringConditionFailure,
  LOST,
  NAMES,
  resendingUpdate,
  resendUpdate,
  unsubscribedUpdate,
  untilWon,
} from './ledger-writes.ts';

export { personHash, recipientsHash } from './ledger-state.ts';
export type { LedgerKey, LedgerState, PreviousAttempt } from './ledger-state.ts';
export type { ClaimResult } from './claim-verdict.ts';

/**
 * One item per email, moving through claimed (a lease) → handing (the SES call is about to happen) →
 * sent | rejected, or straight to unsubscribed when nobody is left to send to. A claim whose lease ran
 * out before the hand-over was never sent: the next run takes it. An item still "handing" after its
 * lease is uncertain: SES may have it, so only the SES Send event or an operator's `force` settles it.
 */
export interface SendLedger {
  /**
   * Takes the right to send this email now; at most one holder at a time, across invocations. A month
   * recorded for another recipient list is not claimed without `force`. A claim that replaces a record
   * (force, or an unsubscribed one) keeps it in `previous`, in the same conditional write.
   */
  claim(key: LedgerKey, options: { force: boolean }): Promise<ClaimResult>;
  /** Called right before SES: from here on a crash leaves the email uncertain instead of unsent. */
  handOver(key: LedgerKey, claimId: string): Promise<void>;
  /** `archiveKey`: the email's folder in the archive bucket (message.eml + manifest.json). */
  markSent(
    key: LedgerKey,
    claimId: string,
    sent: { messageId: string; subject: string; archiveKey?: string; messageSha256?: string },
  ): Promise<void>;
  /** SES refused it permanently: recorded, so Lambda's retries do not try again (force does). */
  markRejected(key: LedgerKey, claimId: string, rejection: { reason: string }): Promise<void>;
  /** Gives the claim back after a send that certainly did not happen, so the next run tries again. */
  release(key: LedgerKey, claimId: string): Promise<void>;
  /**
   * Every recipient had unsubscribed: the month is accounted for with nothing to send. False when the
   * ledger already holds the email (sent, in progress...): that record stays.
   */
  recordUnsubscribed(key: LedgerKey, unsubscribed: { addresses: readonly string[] }): Promise<boolean>;
  /**
   * Appends a re-send of the archived bytes to the item of the original send (`resends`). False when
   * the ledger has no item for it any more (expired by TTL): the re-send happened, nothing recorded.
   */
  recordResend(key: LedgerKey, resend: ResendRecord): Promise<boolean>;
  /**
   * Marks, before the SES call, that request `requestId` re-sends this item's message to `destination`;
   * false when that request already did (a retry of the same event), so it is not sent twice.
   */
  markResending(key: LedgerKey, requestId: string, destination: string): Promise<boolean>;
  /** The email's state now, or undefined when the ledger has no record of it. */
  read(key: LedgerKey): Promise<LedgerState | undefined>;
}

export interface ResendRecord {
  at: string;
  messageId: string;
  /** The archive folder whose message.eml was re-sent. */
  archiveKey: string;
  /** Envelope recipients of the re-send (the original ones, or the redirect). */
  destinations: string[];
}

/** How long a ledger item lives after its last claim (DynamoDB TTL); a run refuses older months without force. */
export const LEDGER_RETENTION_DAYS = 400;

export interface DynamoLedgerOptions {
  tableName: string;
  /**
   * How long a claim blocks others. Longer than one send with the SDK's retries, shorter than the
   * gap before Lambda's async retry, so a crashed run's claim has expired when the retry arrives.
   */
  leaseMs?: number;
  /** Ledger rows expire (DynamoDB TTL) after this many days. */
  retentionDays?: number;
  now?: () => Date;
}

/**
 * The ledger as conditional writes on one DynamoDB item per email. Chosen over Powertools Idempotency
 * because that keys a whole invocation (or one function call) by its payload, while here each company
 * of a run is its own unit: a re-run must send only what is missing, and `force` must bypass it.
 * Items: `pk` = group#month#target, `sk` = "email" (a redirected copy: "redirect#" + its recipients'
 * hash), `recipientsHash` = whom the current attempt went to. Every write adds 1 to `revision`, so a
 * replacing claim can write the history of exactly the item it read, or nothing.
 */
export const createDynamoLedger = (documents: DynamoDBDocumentClient, options: DynamoLedgerOptions): SendLedger => {
  const leaseMs = options.leaseMs ?? 60_000;
  const retentionSeconds = (options.retentionDays ?? LEDGER_RETENTION_DAYS) * 86_400;
  const now = options.now ?? (() => new Date());
  const TableName = options.tableName;
  // The record a claim replaced, by claim id: put back if that send certainly does not happen, so the
  // ledger never forgets a month that did go out (or was refused, or was uncertain).
  const replaced = new Map<string, Record<string, unknown>>();

  const claimValues = (key: LedgerKey, claimId: string, at: Date) => ({
    status: 'claimed',
    claimId,
    leaseUntil: at.getTime() + leaseMs,
    claimedAt: at.toISOString(),
    expiresAt: Math.floor(at.getTime() / 1000) + retentionSeconds,
    recipientsHash: key.recipientsHash,
  });

  /** The normal path's one conditional write; an update, so the history of a crashed forced claim stays. */
  const tryClaim = (key: LedgerKey, at: Date, claimId: string): Promise<boolean> => {
    const values = claimValues(key, claimId, at);
    return ignoringConditionFailure(
      documents.send(
        new UpdateCommand({
          TableName,
          Key: ledgerItemKey(key),
          UpdateExpression:
            'SET #status = :claimed, claimId = :claimId, leaseUntil = :lease, claimedAt = :at, expiresAt = :expires, recipientsHash = :hash ADD revision :one',
          ConditionExpression: FREE,
          ExpressionAttributeNames: NAMES,
          ExpressionAttributeValues: {
            ...freeValues(at),
            ':claimId': claimId,
            ':lease': values.leaseUntil,
            ':at': values.claimedAt,
            ':expires': values.expiresAt,
            ':hash': key.recipientsHash,
            ':one': 1,
          },
        }),
      ),
    );
  };

  /** Replaces the item read as `seen`, moving it into `previous`; fails if anything wrote to it since. */
  const replace = async (key: LedgerKey, seen: Record<string, unknown>, at: Date, claimId: string): Promise<boolean> => {
    const revision = typeof seen.revision === 'number' ? seen.revision : undefined;
    const done = await ignoringConditionFailure(
      documents.send(
        new PutCommand({
          TableName,
          Item: {
            ...ledgerItemKey(key),
            ...claimValues(key, claimId, at),
            revision: (revision ?? 0) + 1,
            previous: historyAfter(seen, attemptOf(seen, at)),
          },
          ConditionExpression: revision === undefined ? 'attribute_exists(pk) AND attribute_not_exists(revision)' : 'revision = :seen',
          ...(revision === undefined ? {} : { ExpressionAttributeValues: { ':seen': revision } }),
        }),
      ),
    );
    if (done) replaced.set(claimId, seen);
    return done;
  };

  const readItem = async (key: LedgerKey) =>
    (await documents.send(new GetCommand({ TableName, Key: ledgerItemKey(key), ConsistentRead: true }))).Item;

  const update = (key: LedgerKey, claimId: string, expression: string, values: Record<string, unknown>, from: string[]) => {
    const { values: conditionValues, ...condition } = holderCondition(claimId, from);
    return documents.send(
      new UpdateCommand({
        TableName,
        Key: ledgerItemKey(key),
        UpdateExpression: `${expression} ADD revision :one`,
        ...condition,
        ExpressionAttributeValues: { ...values, ...conditionValues, ':one': 1 },
      }),
    );
  };

  /**
   * Puts back the record this claim replaced (with `attempt`, the one that failed, on top of its
   * history), or ends the claim's lease so the next run takes it; false when someone else holds it now.
   */
  const giveBack = async (
    key: LedgerKey,
    claimId: string,
    from: string[],
    attempt?: Record<string, unknown>,
    fallback?: () => Promise<unknown>,
  ): Promise<boolean> => {
    const earlier = replaced.get(claimId);
    replaced.delete(claimId);
    // An update rather than a delete: the item may hold the history of an earlier forced claim, which
    // the next claim reads (claimVerdict) before it may send.
    const endLease = () =>
      ignoringConditionFailure(
        update(key, claimId, 'SET #status = :claimed, leaseUntil = :ended REMOVE handedAt', { ':claimed': 'claimed', ':ended': 0 }, from),
      );
    if (!earlier) return endLease();
    // Read again: SES events of the earlier message may have reached it (in previous[0]) meanwhile.
    const restored = await untilWon(async () => {
      const current = await readItem(key);
      if (current?.claimId !== claimId || typeof current.revision !== 'number') return false;
      const { values, ConditionExpression, ...condition } = holderCondition(claimId, from);
      const item = {
        ...restoredFrom(earlier, current),
        revision: current.revision + 1,
        ...(attempt ? { previous: historyAfter(earlier, attemptOf(attempt, now())) } : {}),
      };
      const put = new PutCommand({
        TableName,
        Item: item,
        ...condition,
        ConditionExpression: `${ConditionExpression} AND revision = :revision`,
        ExpressionAttributeValues: { ...values, ':revision': current.revision },
      });
      return (await ignoringConditionFailure(documents.send(put))) || LOST;
    });
    if (restored !== undefined) return restored;
    // Lost every race to the SES events: the earlier record stays in the history, under an ended claim
    // (or the caller's own record), and claimVerdict reads it there.
    return fallback ? ignoringConditionFailure(fallback()) : endLease();
  };

  return {
    async claim(key, { force }) {
      // An item released or changed between our write and our read is worth another try.
      const won = await untilWon(async (): Promise<ClaimResult | typeof LOST> => {
        const at = now();
        const claimId = randomUUID();
        if (await tryClaim(key, at, claimId)) return { outcome: 'claimed', claimId };
        const item = await readItem(key);
        if (!item) return LOST;
        // Our own write, committed, whose answer was lost: the SDK's retry of it found the item taken.
        if (item.claimId === claimId) return { outcome: 'claimed', claimId };
        const verdict = claimVerdict(item, force, at);
        if (verdict === 'retry') return LOST;
        if (verdict !== 'replace') return verdict;
        if (await replace(key, item, at, claimId)) return { outcome: 'claimed', claimId };
        // The same for a replacing claim: its put may have committed before its answer was lost.
        if ((await readItem(key))?.claimId === claimId) {
          replaced.set(claimId, item);
          return { outcome: 'claimed', claimId };
        }
        return LOST;
      });
      return won ?? { outcome: 'contended' };
    },

    async handOver(key, claimId) {
      const at = now();
      await update(
        key,
        claimId,
        'SET #status = :handing, handedAt = :at, leaseUntil = :lease',
        { ':handing': 'handing', ':at': at.toISOString(), ':lease': at.getTime() + leaseMs },
        ['claimed'],
      );
    },

    async markSent(key, claimId, sent) {
      replaced.delete(claimId);
      await update(
        key,
        claimId,
        `SET #status = :sent, messageId = :messageId, sentAt = if_not_exists(sentAt, :sentAt), subject = :subject${sent.archiveKey ? ', archiveKey = :archiveKey' : ''}${sent.messageSha256 ? ', messageSha256 = :sha' : ''} REMOVE leaseUntil`,
        {
          ':sent': 'sent',
          ':messageId': sent.messageId,
          ':sentAt': now().toISOString(),
          ':subject': sent.subject,
          ...(sent.archiveKey ? { ':archiveKey': sent.archiveKey } : {}),
          ...(sent.messageSha256 ? { ':sha': sent.messageSha256 } : {}),
        },
        // "sent" too: the SES Send event may have settled it first.
        ['handing', 'sent'],
      );
    },

    async markRejected(key, claimId, { reason }) {
      // A forced re-send refused by SES: the earlier delivery still happened, keep that record on top.
      const recordRejection = () =>
        update(
          key,
          claimId,
          'SET #status = :rejected, rejectedAt = :at, reason = :reason REMOVE leaseUntil',
          { ':rejected': 'rejected', ':at': now().toISOString(), ':reason': reason },
          ['handing'],
        );
      if (replaced.get(claimId)?.status === 'sent') {
        const rejection = { status: 'rejected', claimId, recipientsHash: key.recipientsHash, rejectedAt: now().toISOString(), reason };
        if (await giveBack(key, claimId, ['handing'], rejection, recordRejection)) return;
      }
      replaced.delete(claimId);
      await recordRejection();
    },

    recordUnsubscribed: (key, { addresses }) =>
      ignoringConditionFailure(documents.send(unsubscribedUpdate(TableName, key, addresses, now(), retentionSeconds))),

    recordResend: (key, resend) => ignoringConditionFailure(documents.send(resendUpdate(TableName, key, resend))),

    markResending: (key, requestId, destination) =>
      ignoringConditionFailure(documents.send(resendingUpdate(TableName, key, `resending#${requestId}#${personHash(destination)}`, now()))),

    async release(key, claimId) {
      await giveBack(key, claimId, ['claimed', 'handing']);
    },

    async read(key) {
      const item = await readItem(key);
      return item ? stateOf(item, now()) : undefined;
    },
  };
};
