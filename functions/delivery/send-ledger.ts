/**
 * The send ledger: one DynamoDB item per email (group, month, target, recipients) that makes retries
 * and re-runs idempotent. A claim with a lease stops two runs from sending the same email at once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One email: group, month, company (or the group summary) and the exact set of recipients. */
export interface LedgerKey {
  group: string;
  month: string;
  target: number | 'summary';
  recipientsHash: string;
}

export type ClaimResult =
  | { outcome: 'claimed'; claimId: string }
  | { outcome: 'already-sent'; messageId: string; sentAt: string }
  | { outcome: 'in-progress'; leaseUntil: string };

export interface SendLedger {
  /** Takes the right to send this email now; at most one holder at a time, across invocations. */
  claim(key: LedgerKey, options: { force: boolean }): Promise<ClaimResult>;
  /** `archiveKey`: the email's folder in the archive bucket (message.eml + manifest.json). */
  markSent(key: LedgerKey, claimId: string, sent: { messageId: string; subject: string; archiveKey?: string }): Promise<void>;
  /** Gives the claim back after a failed send, so the next run tries again. */
  release(key: LedgerKey, claimId: string): Promise<void>;
  /**
   * Appends a re-send of the archived bytes to the item of the original send (`resends`). False when
   * the ledger has no item for it any more (expired by TTL): the re-send happened, nothing recorded.
   */
  recordResend(key: LedgerKey, resend: ResendRecord): Promise<boolean>;
}

export interface ResendRecord {
  at: string;
  messageId: string;
  /** The archive folder whose message.eml was re-sent. */
  archiveKey: string;
  /** Envelope recipients of the re-send (the original ones, or the redirect). */
  destinations: string[];
}

/**
 * Order- and case-insensitive fingerprint of who receives an email: a changed recipient list (or a
 * redirect to a test inbox) is a different delivery and does not block the real one.
 */
export const recipientsHash = (recipients: { to: string[]; cc: string[]; bcc: string[] }): string => {
  const canonical = (['to', 'cc', 'bcc'] as const)
    .map((field) => `${field}:${[...new Set(recipients[field].map((a) => a.trim().toLowerCase()))].sort().join(',')}`)
    .join(';');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
};

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
 * Items: `pk` = group#month#target, `sk` = recipients hash.
 */
export const createDynamoLedger = (documents: DynamoDBDocumentClient, options: DynamoLedgerOptions): SendLedger => {
  const leaseMs = options.leaseMs ?? 60_000;
  const retentionSeconds = (options.retentionDays ?? 400) * 86_400;
  const now = options.now ?? (() => new Date());
  const TableName = options.tableName;
  const keyOf = (key: LedgerKey) => ({ pk: `${key.group}#${key.month}#${key.target}`, sk: key.recipientsHash });
  // A forced claim replaces the record of an earlier delivery; if the forced send fails, that record
  // is put back, so the ledger never forgets a month that did go out.
  const replaced = new Map<string, Record<string, unknown>>();

  return {
    async claim(key, { force }) {
      const at = now();
      const claimId = randomUUID();
      try {
        const { Attributes } = await documents.send(
          new PutCommand({
            TableName,
            ReturnValues: 'ALL_OLD',
            Item: {
              ...keyOf(key),
              status: 'sending',
              claimId,
              leaseUntil: at.getTime() + leaseMs,
              claimedAt: at.toISOString(),
              expiresAt: Math.floor(at.getTime() / 1000) + retentionSeconds,
            },
            // A live claim always blocks (two runs never send at once); a sent row blocks unless forced.
            ConditionExpression: force
              ? 'attribute_not_exists(pk) OR #status = :sent OR leaseUntil < :now'
              : 'attribute_not_exists(pk) OR (#status = :sending AND leaseUntil < :now)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: force ? { ':sent': 'sent', ':now': at.getTime() } : { ':sending': 'sending', ':now': at.getTime() },
          }),
        );
        if (Attributes?.status === 'sent') replaced.set(claimId, Attributes);
        return { outcome: 'claimed', claimId };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      const { Item } = await documents.send(new GetCommand({ TableName, Key: keyOf(key), ConsistentRead: true }));
      if (Item?.status === 'sent') {
        return { outcome: 'already-sent', messageId: String(Item.messageId), sentAt: String(Item.sentAt) };
      }
      return { outcome: 'in-progress', leaseUntil: new Date(Number(Item?.leaseUntil ?? at.getTime())).toISOString() };
    },

    async markSent(key, claimId, sent) {
      replaced.delete(claimId);
      await documents.send(
        new UpdateCommand({
          TableName,
          Key: keyOf(key),
          UpdateExpression: `SET #status = :sent, messageId = :messageId, sentAt = :sentAt, subject = :subject${sent.archiveKey ? ', archiveKey = :archiveKey' : ''} REMOVE leaseUntil`,
          ConditionExpression: 'claimId = :claimId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sent': 'sent',
            ':messageId': sent.messageId,
            ':sentAt': now().toISOString(),
            ':subject': sent.subject,
            ...(sent.archiveKey ? { ':archiveKey': sent.archiveKey } : {}),
            ':claimId': claimId,
          },
        }),
      );
    },

    async recordResend(key, resend) {
      try {
        await documents.send(
          new UpdateCommand({
            TableName,
            Key: keyOf(key),
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
      const earlier = replaced.get(claimId);
      replaced.delete(claimId);
      const condition = {
        ConditionExpression: 'claimId = :claimId AND #status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':claimId': claimId, ':sending': 'sending' },
      };
      try {
        if (earlier) await documents.send(new PutCommand({ TableName, Item: earlier, ...condition }));
        else await documents.send(new DeleteCommand({ TableName, Key: keyOf(key), ...condition }));
      } catch (error) {
        // Someone else holds it now (our lease ran out): theirs to finish.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
};
