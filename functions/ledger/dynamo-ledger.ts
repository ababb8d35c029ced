/**
 * The send ledger on DynamoDB: one item per person's email, every write one conditional UpdateItem
 * (design: docs/design/ledger.md).
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { attemptVerdict, claimVerdict, type ClaimResult } from './claim-verdict.ts';
import { ATTEMPT_PREFIX, REQUEST_PREFIX, ledgerItemKey, personHash, stateOf, type Attempt, type LedgerKey } from './ledger-state.ts';
import { LEDGER_RETENTION_DAYS, type SendLedger } from './send-ledger.ts';

export interface DynamoLedgerOptions {
  tableName: string;
  /** How long a claim reads as in progress before, unanswered, it reads as uncertain (see LEDGER_LEASE_SECONDS). */
  leaseMs?: number;
  retentionDays?: number;
  now?: () => Date;
}

/** Free for an unforced claim: no live or unanswered hand-over, nothing sent, maybe sent or refused. */
const FREE =
  'attribute_not_exists(claimId) AND attribute_not_exists(sentBy) AND attribute_not_exists(rejectedBy) AND attribute_not_exists(maybeSentBy)';

type Update = Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key' | 'ReturnValuesOnConditionCheckFailure'>;
type Written = { written: true } | { written: false; item: Record<string, unknown> };

/**
 * One conditional UpdateItem on a person's item; when its condition fails, DynamoDB returns the item
 * that failed it (ReturnValuesOnConditionCheckFailure), so no verdict rests on a second read that may differ.
 */
export const conditionalUpdate = async (
  documents: DynamoDBDocumentClient,
  TableName: string,
  key: LedgerKey,
  update: Update,
): Promise<Written> => {
  try {
    await documents.send(
      new UpdateCommand({ TableName, Key: ledgerItemKey(key), ...update, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
    );
    return { written: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { written: false, item: error.Item ? unmarshall(error.Item) : {} };
  }
};

const attemptNames = (claimId: string) => ({ '#attempt': `${ATTEMPT_PREFIX}${claimId}`, '#status': 'status' });

/**
 * Records that SES took the hand-over `claimId`, from its holder (SES's answer, which also ends the
 * lock) or from SES's own event (`settledBy`, only while unanswered). When the lock moved on (the event
 * settled it first, or a forced claim took over the expired lease) only the attempt and `sentBy` are
 * written. False when the attempt waits for no such answer.
 */
export const recordSent = async (
  documents: DynamoDBDocumentClient,
  TableName: string,
  key: LedgerKey,
  claimId: string,
  sent: { messageId: string; sentAt: string; settledBy?: string },
): Promise<boolean> => {
  const set = `#attempt.#status = :sent, #attempt.messageId = :messageId, #attempt.sentAt = :sentAt${sent.settledBy ? ', #attempt.settledBy = :by' : ''}`;
  const values = { ':sent': 'sent', ':messageId': sent.messageId, ':sentAt': sent.sentAt, ':claimId': claimId, ':handing': 'handing' };
  const common = {
    ExpressionAttributeNames: attemptNames(claimId),
    ExpressionAttributeValues: { ...values, ...(sent.settledBy ? { ':by': sent.settledBy } : {}) },
  };
  // The holder's answer may follow the event's: it then rewrites the same facts.
  const waiting = sent.settledBy ? '#attempt.#status = :handing' : '#attempt.#status IN (:handing, :sent)';
  const holder = await conditionalUpdate(documents, TableName, key, {
    ...common,
    UpdateExpression: `SET sentBy = :claimId, ${set} REMOVE claimId, leaseUntil`,
    ConditionExpression: `claimId = :claimId AND ${waiting}`,
  });
  if (holder.written) return true;
  if (!holder.item[`${ATTEMPT_PREFIX}${claimId}`]) return false;
  const attempt = await conditionalUpdate(documents, TableName, key, {
    ...common,
    UpdateExpression: `SET sentBy = if_not_exists(sentBy, :claimId), ${set}`,
    ConditionExpression: waiting,
  });
  return attempt.written;
};

export const createDynamoLedger = (documents: DynamoDBDocumentClient, options: DynamoLedgerOptions): SendLedger => {
  const leaseMs = options.leaseMs ?? 60_000;
  const retentionSeconds = (options.retentionDays ?? LEDGER_RETENTION_DAYS) * 86_400;
  const now = options.now ?? (() => new Date());
  const write = (key: LedgerKey, update: Update) => conditionalUpdate(documents, options.tableName, key, update);
  const expires = (at: Date) => Math.floor(at.getTime() / 1000) + retentionSeconds;

  /** Takes the lock and appends the attempt; `over`: the expired hand-over a forced claim takes it from. */
  const lock = (key: LedgerKey, attempt: Attempt, at: Date, condition: string, over?: string) =>
    write(key, {
      UpdateExpression: `SET claimId = :claimId, leaseUntil = :lease, expiresAt = :expires, #attempt = :attempt${over ? ', maybeSentBy = :over' : ''}${attempt.request ? ', #request = :claimId' : ''}`,
      ConditionExpression: attempt.request ? `(${condition}) AND attribute_not_exists(#request)` : condition,
      ExpressionAttributeNames: {
        '#attempt': `${ATTEMPT_PREFIX}${attempt.claimId}`,
        ...(attempt.request ? { '#request': `${REQUEST_PREFIX}${attempt.request}` } : {}),
      },
      ExpressionAttributeValues: {
        ':claimId': attempt.claimId,
        ':lease': at.getTime() + leaseMs,
        ':expires': expires(at),
        // Re-sends are stored by message id (recordResend), read back as a list (stateOf).
        ':attempt': { ...attempt, resends: {} },
        ...(over ? { ':over': over, ':now': at.getTime() } : {}),
      },
    });

  /**
   * The holder's answer: records it on the attempt and ends the lock (a given-back forced claim also
   * frees its request's retry); false when the lock is no longer this claim's. An SDK retry of a
   * committed answer finds the attempt already answered so: that is its own write.
   */
  const answer = async (key: LedgerKey, claimId: string, status: 'rejected' | 'not-sent', reason: string, request?: string) => {
    const written = await write(key, {
      UpdateExpression: `SET ${status === 'rejected' ? 'rejectedBy = :claimId, ' : ''}#attempt.#status = :status, #attempt.reason = :reason, #attempt.answeredAt = :at REMOVE claimId, leaseUntil${request ? ', #request' : ''}`,
      ConditionExpression: 'claimId = :claimId',
      ExpressionAttributeNames: { ...attemptNames(claimId), ...(request ? { '#request': `${REQUEST_PREFIX}${request}` } : {}) },
      ExpressionAttributeValues: { ':status': status, ':reason': reason, ':claimId': claimId, ':at': now().toISOString() },
    });
    return written.written || (written.item[`${ATTEMPT_PREFIX}${claimId}`] as Attempt | undefined)?.status === status;
  };

  return {
    async claim(key, { force, handOver, request }) {
      const at = now();
      const claimId = randomUUID();
      const attempt: Attempt = {
        claimId,
        status: 'handing',
        handedAt: at.toISOString(),
        // A forced claim names its request: Lambda's retry of the same event forces each person once.
        ...(force ? { forced: true, ...(request ? { request } : {}) } : {}),
        ...handOver,
        recipients: {},
        resent: {},
        resends: [],
      };
      const first = await lock(key, attempt, at, force ? 'attribute_not_exists(claimId)' : FREE);
      // `claimId` ours: the write committed, its answer was lost, and the SDK's retry found it done.
      if (first.written || first.item.claimId === claimId) return { outcome: 'claimed', claimId };
      const found = stateOf(first.item, at);
      const earlier =
        force && request ? found.attempts.find((candidate) => candidate.claimId === first.item[`${REQUEST_PREFIX}${request}`]) : undefined;
      if (earlier) return attemptVerdict(earlier, found);
      // FREE never looks at an unsubscribe: what blocked is the rest of the item (a refused or uncertain
      // copy the person had unsubscribed over, and is back on the list since).
      if (!force) return claimVerdict(stateOf({ ...first.item, unsubscribedAt: undefined }, at)) ?? { outcome: 'contended' };
      // Forced: only a live claim stops it; an expired, unanswered one is taken over and kept as maybe sent.
      const heldLive = (item: Record<string, unknown>): ClaimResult | undefined =>
        typeof item.leaseUntil === 'number' && item.leaseUntil >= at.getTime()
          ? { outcome: 'in-progress', leaseUntil: new Date(item.leaseUntil).toISOString() }
          : undefined;
      const live = heldLive(first.item);
      if (live) return live;
      const taken = await lock(key, attempt, at, 'claimId = :over AND leaseUntil < :now', String(first.item.claimId));
      if (taken.written || taken.item.claimId === claimId) return { outcome: 'claimed', claimId };
      return heldLive(taken.item) ?? { outcome: 'contended' };
    },

    async markSent(key, claimId, { messageId }) {
      if (!(await recordSent(documents, options.tableName, key, claimId, { messageId, sentAt: now().toISOString() }))) {
        throw new Error(`the send ledger holds no hand-over ${claimId} waiting for SES's answer`);
      }
    },

    async markRejected(key, claimId, { reason }) {
      if (!(await answer(key, claimId, 'rejected', reason))) {
        throw new Error(`the send ledger's claim ${claimId} is no longer held: the refusal was not recorded`);
      }
    },

    async release(key, claimId, { reason, request }) {
      await answer(key, claimId, 'not-sent', reason, request);
    },

    async recordUnsubscribed(key, { addresses }) {
      const at = now();
      const update = 'SET unsubscribedAt = :at, suppressed = :addresses, expiresAt = :expires';
      const values = { ':at': at.toISOString(), ':addresses': [...addresses], ':expires': expires(at) };
      const condition = 'attribute_not_exists(sentBy) AND (attribute_not_exists(claimId) OR leaseUntil < :now)';
      return (
        await write(key, {
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeValues: { ...values, ':now': at.getTime() },
        })
      ).written;
    },

    async markResending(key, requestId, destination) {
      // A value of its own: an SDK retry of this very write finds it, and knows the mark is its own.
      const mark = `${now().toISOString()} ${randomUUID()}`;
      const marker = `resending#${requestId}#${personHash(destination)}`;
      const written = await write(key, {
        UpdateExpression: 'SET #marker = :mark',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#marker)',
        ExpressionAttributeNames: { '#marker': marker },
        ExpressionAttributeValues: { ':mark': mark },
      });
      return written.written || written.item[marker] === mark;
    },

    async unmarkResending(key, requestId, destination) {
      await write(key, {
        UpdateExpression: 'REMOVE #marker',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#marker': `resending#${requestId}#${personHash(destination)}` },
      });
    },

    async recordResend(key, claimId, resend) {
      // Keyed by SES's message id: an SDK retry of a committed write rewrites the same entry.
      const written = await write(key, {
        UpdateExpression: 'SET #attempt.resends.#message = :resend',
        ConditionExpression: 'attribute_exists(#attempt)',
        ExpressionAttributeNames: { '#attempt': `${ATTEMPT_PREFIX}${claimId}`, '#message': resend.messageId },
        ExpressionAttributeValues: { ':resend': resend },
      });
      return written.written;
    },

    async read(key) {
      const { Item } = await documents.send(
        new GetCommand({ TableName: options.tableName, Key: ledgerItemKey(key), ConsistentRead: true }),
      );
      return Item ? stateOf(Item, now()) : undefined;
    },
  };
};
