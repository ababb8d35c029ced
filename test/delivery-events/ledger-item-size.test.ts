// A ledger item at its largest: SES's 50 recipients, each bouncing with a long diagnostic, on every one of
// many forced re-sends. DynamoDB refuses an item past 400 KB, which would send the consumer's events to its DLQ.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../dev/stand-ins/dynamodb-local.ts';
import { recordDeliveryEvent } from '../../functions/delivery-events/record-delivery-event.ts';
import { messageTags } from '../../functions/delivery/message-tags.ts';
import { createDynamoLedger, type LedgerKey } from '../../functions/ledger/send-ledger.ts';

let dynamo: LocalDynamo;
let documents: DynamoDBDocumentClient;
beforeAll(async () => {
  dynamo = await startLocalDynamo();
  documents = dynamo.documents;
});
afterAll(() => dynamo.close());

describe('a ledger item at its largest', () => {
  it('records every bounce of 50 recipients on each of 12 forced re-sends, staying below 400 KB', async () => {
    // prepare
    const ledger = createDynamoLedger(documents, { tableName: dynamo.tableName });
    const key: LedgerKey = { group: 'g', month: '2026-04', target: 1, recipientsHash: 'h' };
    const addresses = Array.from({ length: 50 }, (_, index) => `recipient-number-${index}@subsidiary.example-company.com`);
    const sizes: number[] = [];

    // act
    for (let round = 0; round < 12; round += 1) {
      const claim = await ledger.claim(key, { force: true });
      if (claim.outcome !== 'claimed') throw new Error(`round ${round}: ${claim.outcome}`);
      await ledger.handOver(key, claim.claimId);
      await ledger.markSent(key, claim.claimId, { messageId: `m-${round}`, subject: 's' });
      const tags = Object.fromEntries(messageTags({ key, claimId: claim.claimId }).map((tag) => [tag.name, [tag.value]]));
      await recordDeliveryEvent(
        {
          eventType: 'Bounce',
          mail: { messageId: `m-${round}`, timestamp: '2026-05-01T13:00:00.000Z', tags: { ...tags, 'ses:configuration-set': ['cs'] } },
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            timestamp: '2026-05-01T13:00:01.000Z',
            bouncedRecipients: addresses.map((emailAddress) => ({ emailAddress, diagnosticCode: `smtp; 550 5.1.1 ${'x'.repeat(700)}` })),
          },
        } as never,
        { documents, tableName: dynamo.tableName, configurationSet: 'cs' },
      );
      const state = await ledger.read(key);
      expect(Object.keys(state?.recipients ?? {})).toHaveLength(50);
      sizes.push(Buffer.byteLength(JSON.stringify(state)));
    }

    // assert
    expect(Math.max(...sizes)).toBeLessThan(200_000);
  });
});
