/**
 * The send ledger's conditional writes that need no state of the ledger object: the shared conditions,
 * how a write that lost a race is tried again, and the two records made outside a claim (every
 * recipient unsubscribed; a re-send from the archive).
 * Every write adds 1 to `revision`, so a replacing claim can tell the item is still the one it read.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import pRetry from 'p-retry';
import { ledgerItemKey, type LedgerKey } from './ledger-state.ts';

export const NAMES = { '#status': 'status' };

/**
 * Free for a plain claim: no record, or a claim that expired before reaching SES ("sending": its
 * pre-2026-11 name). Not one with history: that is a forced claim that never got through, on top of a
 * month that may have gone out, and only `claimVerdict` (which reads the history) may take it.
 */
export const FREE = 'attribute_not_exists(pk) OR (#status IN (:claimed, :legacy) AND leaseUntil < :now AND attribute_not_exists(previous))';
export const freeValues = (at: Date) => ({ ':claimed': 'claimed', ':legacy': 'sending', ':now': at.getTime() });

/** Runs a conditional write; false when its condition did not hold. */
export const ignoringConditionFailure = async (write: Promise<unknown>): Promise<boolean> => {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** A conditional write lost to another writer (the delivery-events consumer): worth another try. */
export const LOST = Symbol('lost a race');
class LostRace extends Error {}

/**
 * Runs `attempt` until it does not lose a race, at most five times, pausing 20 ms, 40, 80, 160
 * (randomized) in between: SES events of the month's message may be landing on the item in a burst.
 * Undefined when every try lost.
 */
export const untilWon = <T>(attempt: () => Promise<T | typeof LOST>): Promise<T | undefined> =>
  pRetry(
    async () => {
      const result = await attempt();
      if (result === LOST) throw new LostRace();
      return result;
    },
    { retries: 4, minTimeout: 20, factor: 2, randomize: true, shouldRetry: ({ error }) => error instanceof LostRace },
  ).catch((error: unknown) => {
    if (error instanceof LostRace) return undefined;
    throw error;
  });

/** Only the current holder of the claim may write, and only from the given statuses. */
export const holderCondition = (claimId: string, from: string[]) => ({
  ConditionExpression: `claimId = :claimId AND #status IN (${from.map((_, index) => `:from${index}`).join(', ')})`,
  ExpressionAttributeNames: NAMES,
  values: { ':claimId': claimId, ...Object.fromEntries(from.map((status, index) => [`:from${index}`, status])) },
});

/**
 * Every recipient had unsubscribed: one conditional write, only where the ledger holds nothing of the
 * email (or an earlier such record), never over a month that went out, is being sent or is settled.
 */
export const unsubscribedUpdate = (TableName: string, key: LedgerKey, addresses: readonly string[], at: Date, retentionSeconds: number) =>
  new UpdateCommand({
    TableName,
    Key: ledgerItemKey(key),
    UpdateExpression:
      'SET #status = :unsubscribed, suppressed = :addresses, unsubscribedAt = if_not_exists(unsubscribedAt, :at), recipientsHash = :hash, expiresAt = :expires ADD revision :one REMOVE claimId, leaseUntil, claimedAt',
    ConditionExpression: `${FREE} OR #status = :unsubscribed`,
    ExpressionAttributeNames: NAMES,
    ExpressionAttributeValues: {
      ...freeValues(at),
      ':unsubscribed': 'unsubscribed',
      ':addresses': [...addresses],
      ':at': at.toISOString(),
      ':hash': key.recipientsHash,
      ':expires': Math.floor(at.getTime() / 1000) + retentionSeconds,
      ':one': 1,
    },
  });

/** Appends a re-send to the original email's item; never creates one (a row without a status would block the month's next claim). */
export const resendUpdate = (TableName: string, key: LedgerKey, resend: unknown) =>
  new UpdateCommand({
    TableName,
    Key: ledgerItemKey(key),
    UpdateExpression: 'SET resends = list_append(if_not_exists(resends, :none), :resend) ADD revision :one',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':none': [], ':resend': [resend], ':one': 1 },
  });

/**
 * Marks that this request re-sends this item's message to `destination` (one attribute per request and
 * destination), before the SES call; false when the request already did (a Lambda retry of the same
 * event): a re-send is then not repeated, whether or not the first one reached SES.
 */
export const resendingUpdate = (TableName: string, key: LedgerKey, marker: string, at: Date) =>
  new UpdateCommand({
    TableName,
    Key: ledgerItemKey(key),
    UpdateExpression: 'SET #marker = :at ADD revision :one',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#marker)',
    ExpressionAttributeNames: { '#marker': marker },
    ExpressionAttributeValues: { ':at': at.toISOString(), ':one': 1 },
  });
