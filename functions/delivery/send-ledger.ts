/**
 * The send ledger: one DynamoDB item per email (group, month, target, recipients) that makes retries
 * and re-runs idempotent. A claim with a lease stops two runs from sending the same email at once.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ledgerItemKey, stateOf, type LedgerKey, type LedgerState } from './ledger-state.ts';

export { recipientsHash } from './ledger-state.ts';
export type { LedgerKey, LedgerState } from './ledger-state.ts';

export type ClaimResult =
  | { outcome: 'claimed'; claimId: string }
  | { outcome: 'already-sent'; messageId: string; sentAt: string }
  | { outcome: 'in-progress'; leaseUntil: string }
  /** Handed to SES by a run that never recorded the answer: maybe sent, so never sent again automatically. */
  | { outcome: 'uncertain'; handedAt: string }
  /** SES refused it for good (unverified address, rejected content): retrying the same email cannot help. */
  | { outcome: 'rejected'; reason: string; rejectedAt: string };

/**
 * One item per email, moving through claimed (a lease) → handing (the SES call is about to happen) →
 * sent | rejected. A claim whose lease ran out before the hand-over was never sent: the next run takes
 * it. An item still "handing" after its lease is uncertain: SES may have it, so only the SES Send event
 * or an operator's `force` settles it.
 */
export interface SendLedger {
  /** Takes the right to send this email now; at most one holder at a time, across invocations. */
  claim(key: LedgerKey, options: { force: boolean }): Promise<ClaimResult>;
  /** Called right before SES: from here on a crash leaves the email uncertain instead of unsent. */
  handOver(key: LedgerKey, claimId: string): Promise<void>;
  /** `archiveKey`: the email's folder in the archive bucket (message.eml + manifest.json). */
  markSent(key: LedgerKey, claimId: string, sent: { messageId: string; subject: string; archiveKey?: string }): Promise<void>;
  /** SES refused it permanently: recorded, so Lambda's retries do not try again (force or new recipients do). */
  markRejected(key: LedgerKey, claimId: string, rejection: { reason: string }): Promise<void>;
  /** Gives the claim back after a send that certainly did not happen, so the next run tries again. */
  release(key: LedgerKey, claimId: string): Promise<void>;
  /**
   * Appends a re-send of the archived bytes to the item of the original send (`resends`). False when
   * the ledger has no item for it any more (expired by TTL): the re-send happened, nothing recorded.
   */
  recordResend(key: LedgerKey, resend: ResendRecord): Promise<boolean>;
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

const NAMES = { '#status': 'status' };

/**
 * The ledger as conditional writes on one DynamoDB item per email. Chosen over Powertools Idempotency
 * because that keys a whole invocation (or one function call) by its payload, while here each company
 * of a run is its own unit: a re-run must send only what is missing, and `force` must bypass it.
 * Items: `pk` = group#month#target, `sk` = recipients hash.
 */
export const createDynamoLedger = (documents: DynamoDBDocumentClient, options: DynamoLedgerOptions): SendLedger => {
  const leaseMs = options.leaseMs ?? 60_000;
  const retentionSeconds = (options.retentionDays ?? 400) * 86_400;
  const now = options.now ?? (() => new Date());
  const TableName = options.tableName;
  // A forced claim replaces the record of an earlier delivery; if the forced send does not happen,
  // that record is put back, so the ledger never forgets a month that did go out.
  const replaced = new Map<string, Record<string, unknown>>();

  const tryClaim = async (key: LedgerKey, force: boolean, at: Date, claimId: string): Promise<boolean> => {
    try {
      const { Attributes } = await documents.send(
        new PutCommand({
          TableName,
          ReturnValues: 'ALL_OLD',
          Item: {
            ...ledgerItemKey(key),
            status: 'claimed',
            claimId,
            leaseUntil: at.getTime() + leaseMs,
            claimedAt: at.toISOString(),
            expiresAt: Math.floor(at.getTime() / 1000) + retentionSeconds,
          },
          // A live lease always blocks (two runs never send at once). Unforced, only an expired claim
          // that never reached SES is taken over ("sending" is the pre-2026-11 name of "claimed"); forced,
          // anything settled or expired is, including an uncertain hand-over.
          ConditionExpression: force
            ? 'attribute_not_exists(pk) OR #status IN (:sent, :rejected) OR leaseUntil < :now'
            : 'attribute_not_exists(pk) OR (#status IN (:claimed, :legacy) AND leaseUntil < :now)',
          ExpressionAttributeNames: NAMES,
          ExpressionAttributeValues: force
            ? { ':sent': 'sent', ':rejected': 'rejected', ':now': at.getTime() }
            : { ':claimed': 'claimed', ':legacy': 'sending', ':now': at.getTime() },
        }),
      );
      if (Attributes?.status === 'sent') replaced.set(claimId, Attributes);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };

  const read = async (key: LedgerKey): Promise<LedgerState | undefined> => {
    const { Item } = await documents.send(new GetCommand({ TableName, Key: ledgerItemKey(key), ConsistentRead: true }));
    return Item ? stateOf(Item, now()) : undefined;
  };

  /** An update that only the current holder of the claim may make. */
  const update = (key: LedgerKey, claimId: string, expression: string, values: Record<string, unknown>, from: string[]) =>
    documents.send(
      new UpdateCommand({
        TableName,
        Key: ledgerItemKey(key),
        UpdateExpression: expression,
        ConditionExpression: `claimId = :claimId AND #status IN (${from.map((_, index) => `:from${index}`).join(', ')})`,
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: { ...values, ':claimId': claimId, ...Object.fromEntries(from.map((status, index) => [`:from${index}`, status])) },
      }),
    );

  /** Puts back the earlier delivery a forced claim replaced, or drops the claim; false when none was there. */
  const giveBack = async (key: LedgerKey, claimId: string, from: string[]): Promise<boolean> => {
    const earlier = replaced.get(claimId);
    replaced.delete(claimId);
    const condition = {
      ConditionExpression: `claimId = :claimId AND #status IN (${from.map((_, index) => `:from${index}`).join(', ')})`,
      ExpressionAttributeNames: NAMES,
      ExpressionAttributeValues: { ':claimId': claimId, ...Object.fromEntries(from.map((status, index) => [`:from${index}`, status])) },
    };
    try {
      if (earlier) await documents.send(new PutCommand({ TableName, Item: earlier, ...condition }));
      else await documents.send(new DeleteCommand({ TableName, Key: ledgerItemKey(key), ...condition }));
      return true;
    } catch (error) {
      // Someone else holds it now (our lease ran out): theirs to finish.
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };

  return {
    async claim(key, { force }) {
      // Two attempts: a claim released between our write and our read is free again.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const at = now();
        const claimId = randomUUID();
        if (await tryClaim(key, force, at, claimId)) return { outcome: 'claimed', claimId };
        const state = await read(key);
        if (!state) continue;
        if (state.status === 'sent') return { outcome: 'already-sent', messageId: state.messageId ?? 'unknown', sentAt: state.sentAt ?? 'unknown' };
        if (state.status === 'rejected') return { outcome: 'rejected', reason: state.reason ?? 'unknown', rejectedAt: state.rejectedAt ?? 'unknown' };
        if (state.status === 'uncertain') return { outcome: 'uncertain', handedAt: state.handedAt ?? 'unknown' };
        return { outcome: 'in-progress', leaseUntil: state.leaseUntil ?? at.toISOString() };
      }
      return { outcome: 'in-progress', leaseUntil: now().toISOString() };
    },

    async handOver(key, claimId) {
      const at = now();
      await update(key, claimId, 'SET #status = :handing, handedAt = :at, leaseUntil = :lease', { ':handing': 'handing', ':at': at.toISOString(), ':lease': at.getTime() + leaseMs }, ['claimed']);
    },

    async markSent(key, claimId, sent) {
      replaced.delete(claimId);
      await update(
        key,
        claimId,
        `SET #status = :sent, messageId = :messageId, sentAt = if_not_exists(sentAt, :sentAt), subject = :subject${sent.archiveKey ? ', archiveKey = :archiveKey' : ''} REMOVE leaseUntil`,
        { ':sent': 'sent', ':messageId': sent.messageId, ':sentAt': now().toISOString(), ':subject': sent.subject, ...(sent.archiveKey ? { ':archiveKey': sent.archiveKey } : {}) },
        // "sent" too: the SES Send event may have settled it first.
        ['handing', 'sent'],
      );
    },

    async markRejected(key, claimId, { reason }) {
      // A forced re-send refused by SES: the earlier delivery still happened, keep that record.
      if (replaced.has(claimId) && (await giveBack(key, claimId, ['handing']))) return;
      await update(key, claimId, 'SET #status = :rejected, rejectedAt = :at, reason = :reason REMOVE leaseUntil', { ':rejected': 'rejected', ':at': now().toISOString(), ':reason': reason }, ['handing']);
    },

    async recordResend(key, resend) {
      try {
        await documents.send(
          new UpdateCommand({
            TableName,
            Key: ledgerItemKey(key),
            UpdateExpression: 'SET resends = list_append(if_not_exists(resends, :none), :resend)',
            // Never create an item here: a row without a status would block the month's next claim.
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':none': [], ':resend': [resend] },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async release(key, claimId) {
      await giveBack(key, claimId, ['claimed', 'handing']);
    },

    read,
  };
};
