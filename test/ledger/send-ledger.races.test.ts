// The send ledger when a forced attempt fails on top of a month that may have gone out, and when the
// delivery-events consumer writes to the item while a claim tries to replace it.
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../dev/stand-ins/dynamodb-local.ts';
import { createDynamoLedger, type LedgerKey } from '../../functions/ledger/send-ledger.ts';

let dynamo: LocalDynamo;
let documents: DynamoDBDocumentClient;
let clock = new Date('2026-05-01T13:00:00Z');
let keys = 100;
const newKey = (): LedgerKey => ({ group: 'aquatec', month: '2026-04', target: (keys += 1), recipientsHash: 'listA' });
const ledger = (docs: DynamoDBDocumentClient = documents) =>
  createDynamoLedger(docs, { tableName: dynamo.tableName, leaseMs: 60_000, now: () => clock });
const claimed = async (l: ReturnType<typeof ledger>, key: LedgerKey, force = false) => {
  const claim = await l.claim(key, { force });
  if (claim.outcome !== 'claimed') throw new Error(`expected a claim, got ${JSON.stringify(claim)}`);
  return claim.claimId;
};
const sentAs = async (key: LedgerKey, messageId: string) => {
  const l = ledger();
  const claimId = await claimed(l, key);
  await l.handOver(key, claimId);
  await l.markSent(key, claimId, { messageId, subject: 's' });
};
/** The delivery-events consumer writing to the item (ADD revision) right after every read the ledger makes. */
const eventsAfterEachRead = (key: LedgerKey, active: { on: boolean }) =>
  ({
    send: async (command: unknown) => {
      const result = await documents.send(command as never);
      if (active.on && command instanceof GetCommand) {
        await documents.send(
          new UpdateCommand({
            TableName: dynamo.tableName,
            Key: { pk: `aquatec#2026-04#${key.target}`, sk: `person#${key.recipientsHash}` },
            UpdateExpression: 'ADD revision :one',
            ExpressionAttributeValues: { ':one': 1 },
          }),
        );
      }
      return result;
    },
  }) as unknown as DynamoDBDocumentClient;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  documents = dynamo.documents;
});
afterAll(() => dynamo.close());

describe('send ledger races', () => {
  it('never sends an uncertain month again without force after a forced re-send SES refused', async () => {
    // prepare: handed to SES without an answer (uncertain), then forced and refused
    const key = newKey();
    const first = ledger();
    const firstClaim = await claimed(first, key);
    await first.handOver(key, firstClaim);
    clock = new Date(clock.getTime() + 120_000);
    const forcing = ledger();
    const forcedClaim = await claimed(forcing, key, true);
    await forcing.handOver(key, forcedClaim);
    await forcing.markRejected(key, forcedClaim, { reason: 'SES MessageRejected: x' });

    // act
    const plain = await ledger().claim(key, { force: false });

    // assert
    expect(plain).toMatchObject({ outcome: 'uncertain' });
  });

  it('never sends a sent month again when a refused forced re-send could not put the earlier record back', async () => {
    // prepare: sent as m-1; a forced copy refused while m-1's events keep landing on the item
    const key = newKey();
    await sentAs(key, 'm-1');
    const active = { on: false };
    const forcing = ledger(eventsAfterEachRead(key, active));
    const forcedClaim = await claimed(forcing, key, true);
    await forcing.handOver(key, forcedClaim);
    active.on = true;
    await forcing.markRejected(key, forcedClaim, { reason: 'SES MessageRejected: x' });
    active.on = false;

    // act
    const sameList = await ledger().claim(key, { force: false });

    // assert
    expect(sameList).toMatchObject({ outcome: 'already-sent', messageId: 'm-1' });
  });

  it('never sends a sent month again when a forced claim was released on top of it', async () => {
    // prepare: a forced claim whose put-back is lost (events after every read), then released
    const key = newKey();
    await sentAs(key, 'm-2');
    const active = { on: false };
    const forcing = ledger(eventsAfterEachRead(key, active));
    const forcedClaim = await claimed(forcing, key, true);
    active.on = true;
    await forcing.release(key, forcedClaim);
    active.on = false;

    // act
    const plain = await ledger().claim(key, { force: false });

    // assert
    expect(plain).toMatchObject({ outcome: 'already-sent', messageId: 'm-2' });
  });

  it('says the item kept changing, not that another invocation holds it, when a forced claim loses every race', async () => {
    // prepare
    const key = newKey();
    await sentAs(key, 'm-3');

    // act
    const forced = await ledger(eventsAfterEachRead(key, { on: true })).claim(key, { force: true });
    const calm = await ledger().claim(key, { force: true });

    // assert
    expect(forced).toEqual({ outcome: 'contended' });
    expect(calm.outcome).toBe('claimed');
  });

  it("claims, not 'another invocation holds it', when the answer to its committed claim was lost and the SDK's retry found the item taken", async () => {
    // prepare: the first claim write commits, its answer is lost, the SDK sends it again (ConditionalCheckFailed)
    const key = newKey();
    let lost = false;
    const lossy = {
      send: async (command: unknown) => {
        if (!lost && command instanceof UpdateCommand) {
          lost = true;
          await documents.send(command);
        }
        return documents.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;

    // act
    const claim = await ledger(lossy).claim(key, { force: false });

    // assert: the claim is this run's, so it sends instead of leaving the month to nobody
    expect(lost).toBe(true);
    expect(claim.outcome).toBe('claimed');
    const item = (
      await documents.send(
        new GetCommand({ TableName: dynamo.tableName, Key: { pk: `aquatec#2026-04#${key.target}`, sk: `person#${key.recipientsHash}` } }),
      )
    ).Item;
    expect(claim).toEqual({ outcome: 'claimed', claimId: item?.claimId });
  });

  it('claims when the answer to its committed forced (replacing) claim was lost', async () => {
    // prepare
    const key = newKey();
    await sentAs(key, 'm-4');
    let lost = false;
    const lossy = {
      send: async (command: unknown) => {
        if (!lost && command instanceof PutCommand) {
          lost = true;
          await documents.send(command);
        }
        return documents.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;

    // act
    const claim = await ledger(lossy).claim(key, { force: true });

    // assert
    expect(lost).toBe(true);
    expect(claim.outcome).toBe('claimed');
  });
});
