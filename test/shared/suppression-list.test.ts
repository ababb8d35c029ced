import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSuppressionTable, startLocalDynamo, type LocalDynamo } from '../../dev/stand-ins/dynamodb-local.ts';
import { createDynamoSuppressionList, type SuppressionList } from '../../functions/shared/suppression-list.ts';

let dynamo: LocalDynamo;
let list: SuppressionList;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  const table = await createSuppressionTable(dynamo.url);
  list = createDynamoSuppressionList(dynamo.documents, table);
});
afterAll(() => dynamo.close());

describe('DynamoDB suppression list', () => {
  it('keeps addresses per group, lower-cased, and the first date of a repeated unsubscribe', async () => {
    await list.add({ group: 'a', address: ' Uno@Example.com ', at: '2026-05-03T10:00:00.000Z', via: 'one-click' });
    await list.add({ group: 'a', address: 'uno@example.com', at: '2026-06-01T00:00:00.000Z', via: 'form' });
    await list.add({ group: 'b', address: 'dos@example.com', at: '2026-05-04T00:00:00.000Z', via: 'form' });

    expect(await list.addresses('a')).toEqual(new Set(['uno@example.com']));
    expect(await list.addresses('b')).toEqual(new Set(['dos@example.com']));
    expect(await list.listNew('a', '2026-05-01', '2026-06-01')).toEqual([
      { group: 'a', address: 'uno@example.com', at: '2026-05-03T10:00:00.000Z', via: 'one-click' },
    ]);
  });

  it('lists only the unsubscribes of the given window', async () => {
    await list.add({ group: 'c', address: 'early@example.com', at: '2026-04-30T23:59:59.999Z', via: 'form' });
    await list.add({ group: 'c', address: 'in@example.com', at: '2026-05-10T00:00:00.000Z', via: 'form' });
    await list.add({ group: 'c', address: 'late@example.com', at: '2026-06-01T00:00:00.000Z', via: 'form' });

    const found = await list.listNew('c', '2026-05-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z');

    expect(found.map((entry) => entry.address)).toEqual(['in@example.com']);
  });
});
