import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSuppressionTable, startLocalDynamo, type LocalDynamo } from '../../dev/stand-ins/dynamodb-local.ts';
import { suppressionSnapshot, type SuppressedAddresses } from '../../functions/shared/suppression-snapshot.ts';
import { createDynamoSuppressionList, type SuppressionList } from '../../functions/shared/suppression-list.ts';

let dynamo: LocalDynamo;
let list: SuppressionList;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  const table = await createSuppressionTable(dynamo.url);
  list = createDynamoSuppressionList(dynamo.documents, table);
});
afterAll(() => dynamo.close());

/** The real list, counting the Queries it makes. */
const counted = (inner: SuppressedAddresses) => {
  const reads: string[] = [];
  return { reads, list: { addresses: (group: string) => (reads.push(group), inner.addresses(group)) } };
};

const unsubscribe = (group: string, address: string) => list.add({ group, address, at: '2026-05-03T10:00:00.000Z', via: 'form' });

describe('suppressionSnapshot', () => {
  it('reads each group once while the snapshot is fresh, even for concurrent callers', async () => {
    // prepare
    await unsubscribe('fresh', 'uno@example.com');
    const source = counted(list);
    const snapshot = suppressionSnapshot(source.list, { maxAgeMs: 60_000, now: () => 1_000 });

    // act
    const answers = await Promise.all([snapshot.addresses('fresh'), snapshot.addresses('fresh'), snapshot.addresses('other')]);
    await unsubscribe('fresh', 'dos@example.com');
    const later = await snapshot.addresses('fresh');

    // assert
    expect(answers[0]).toEqual(new Set(['uno@example.com']));
    expect(answers[2]).toEqual(new Set());
    expect(later).toEqual(new Set(['uno@example.com']));
    expect(source.reads).toEqual(['fresh', 'other']);
  });

  it('reads again once the snapshot is older than maxAgeMs, so a new unsubscribe takes effect mid-run', async () => {
    // prepare
    await unsubscribe('aging', 'uno@example.com');
    let clock = 0;
    const source = counted(list);
    const snapshot = suppressionSnapshot(source.list, { maxAgeMs: 60_000, now: () => clock });
    await snapshot.addresses('aging');
    await unsubscribe('aging', 'dos@example.com');

    // act
    clock = 59_999;
    const stillCached = await snapshot.addresses('aging');
    clock = 60_000;
    const refreshed = await snapshot.addresses('aging');

    // assert
    expect(stillCached).toEqual(new Set(['uno@example.com']));
    expect(refreshed).toEqual(new Set(['uno@example.com', 'dos@example.com']));
    expect(source.reads).toHaveLength(2);
  });

  it('does not keep a failed read: the next caller asks DynamoDB again', async () => {
    // prepare
    await unsubscribe('flaky', 'uno@example.com');
    let fail = true;
    const reads: string[] = [];
    const flaky: SuppressedAddresses = {
      addresses: (group) => {
        reads.push(group);
        return fail ? Promise.reject(new Error('ProvisionedThroughputExceededException')) : list.addresses(group);
      },
    };
    const snapshot = suppressionSnapshot(flaky, { maxAgeMs: 60_000, now: () => 0 });

    // act
    const first = await snapshot.addresses('flaky').catch((error: unknown) => error);
    fail = false;
    const second = await snapshot.addresses('flaky');

    // assert
    expect(first).toBeInstanceOf(Error);
    expect(second).toEqual(new Set(['uno@example.com']));
    expect(reads).toEqual(['flaky', 'flaky']);
  });
});
