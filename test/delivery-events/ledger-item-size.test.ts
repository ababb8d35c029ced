// A ledger item grows by one attempt per forced send of the person's month, plus each attempt's re-sends
// and SES statuses. DynamoDB refuses an item past 400 KB: these tests show how far below that the
// largest realistic item stays, and that at the limit the claim fails before anything is sent.
import { Logger } from '@aws-lambda-powertools/logger';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../dev/stand-ins/dynamodb-local.ts';
import { MAX_DETAIL_CHARS } from '../../functions/delivery-events/delivery-change.ts';
import { recordDeliveryEvent } from '../../functions/delivery-events/record-delivery-event.ts';
import type { SesEventDetail } from '../../functions/delivery-events/ses-event.ts';
import { deliverEmail, type DeliveryDeps } from '../../functions/delivery/deliver-email.ts';
import { archiveKeyFor, type EmailArchive } from '../../functions/delivery/email-archive.ts';
import { messageTags } from '../../functions/delivery/message-tags.ts';
import type { RawEmail } from '../../functions/delivery/ses-sender.ts';
import { ledgerItemKey } from '../../functions/ledger/ledger-state.ts';
import { createDynamoLedger } from '../../functions/ledger/dynamo-ledger.ts';
import { personHash, type LedgerKey, type SendLedger } from '../../functions/ledger/send-ledger.ts';

/** DynamoDB's item size limit, which dynalite enforces on every write (its maxItemSizeKb, 400 by default). */
const LIMIT = 400 * 1024;
/** The stand-in's own measure of an item (the one it checks against the limit): attribute names plus values. */
const { itemSize } = createRequire(import.meta.url)('dynalite/db') as { itemSize(item: Record<string, unknown>): number };

let dynamo: LocalDynamo;
let documents: DynamoDBDocumentClient;
let clock = new Date('2026-05-01T13:00:00Z');
let targets = 0;
const ledger = (): SendLedger => createDynamoLedger(documents, { tableName: dynamo.tableName, now: () => clock });
const person = 'gerencia.general.de.operaciones.regionales@subsidiaria-centroamerica.example.com';
const newKey = (): LedgerKey => ({
  group: 'aquatec-honduras',
  month: '2026-04',
  target: 1_000_000 + (targets += 1),
  recipientsHash: personHash(person),
});
const rawItem = async (key: LedgerKey) =>
  (await documents.send(new GetCommand({ TableName: dynamo.tableName, Key: ledgerItemKey(key), ConsistentRead: true }))).Item ?? {};
const sizeOf = async (key: LedgerKey) => itemSize(marshall(await rawItem(key), { removeUndefinedValues: true }));

/** An SES event about `claimId`'s message, as EventBridge hands it to the consumer. */
const sesEvent = (key: LedgerKey, claimId: string, messageId: string, body: Record<string, unknown>, resend = false) =>
  ({
    mail: {
      messageId,
      timestamp: clock.toISOString(),
      destination: [person],
      tags: {
        ...Object.fromEntries(messageTags({ key, claimId, resend }).map((tag) => [tag.name, [tag.value]])),
        'ses:configuration-set': ['cs'],
      },
    },
    ...body,
  }) as unknown as SesEventDetail;
const record = (detail: SesEventDetail) => recordDeliveryEvent(detail, { documents, tableName: dynamo.tableName, configurationSet: 'cs' });
const longDiagnostic = `smtp; 550 5.1.1 <${person}>: Recipient address rejected: ${'x'.repeat(700)}`;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  documents = dynamo.documents;
});
afterAll(() => dynamo.close());

describe('a ledger item at its largest', () => {
  it('stays far below 400 KB after 50 forced sends of the month, each re-sent 3 times and bounced', async () => {
    // prepare
    const key = newKey();
    const sizes: number[] = [];
    const subject = `Reporte mensual de métricas · ${'Compañía Distribuidora Centroamericana de Agua Purificada '.repeat(2)}· abril de 2026`;

    // act
    for (let round = 0; round < 50; round += 1) {
      clock = new Date(clock.getTime() + 60_000);
      const archiveKey = archiveKeyFor(key.group, key.month, key.target, key.recipientsHash, clock);
      const claim = await ledger().claim(key, { force: true, handOver: { subject, archiveKey, messageSha256: 'f'.repeat(64) } });
      if (claim.outcome !== 'claimed') throw new Error(`round ${round}: ${claim.outcome}`);
      const messageId = `0100019a${String(round).padStart(4, '0')}-6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c-000000`;
      await ledger().markSent(key, claim.claimId, { messageId });
      // The largest status SES reports for the person: a bounce with the longest diagnostic kept (a
      // complaint outranks it but says only "abuse"; a re-send's events land on the same address).
      await record(
        sesEvent(key, claim.claimId, messageId, {
          eventType: 'Bounce',
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            timestamp: clock.toISOString(),
            bouncedRecipients: [{ emailAddress: person, diagnosticCode: longDiagnostic }],
          },
        }),
      );
      await Promise.all(
        [0, 1, 2].map(async (resend) => {
          const requestId = `0b1c2d3e-4f50-4172-8394-${String(round * 10 + resend).padStart(12, '0')}`;
          expect(await ledger().markResending(key, requestId, person)).toBe(true);
          const resent = { at: clock.toISOString(), messageId: `${messageId}-r${resend}`, archiveKey, destinations: [person] };
          expect(await ledger().recordResend(key, claim.claimId, resent)).toBe(true);
        }),
      );
      if (round === 0 || round === 49) sizes.push(await sizeOf(key));
    }

    // assert
    const state = await ledger().read(key);
    expect(state?.attempts).toHaveLength(50);
    expect(state?.attempts.every((attempt) => attempt.resends.length === 3)).toBe(true);
    expect(state?.attempts.every((attempt) => attempt.recipients[person]?.detail?.length === MAX_DETAIL_CHARS)).toBe(true);
    const [first = 0, largest = 0] = sizes;
    // Measured: about 2.1 KB per forced send with all that on it, ~106 KB after 50; the limit would take ~190 forced sends of one month.
    expect((largest - first) / 49).toBeLessThan(2_500);
    expect(largest).toBeLessThan(LIMIT / 3);
    // The JSON form over-counts DynamoDB's encoding (quotes, braces, commas): an upper bound of the same order.
    expect(Buffer.byteLength(JSON.stringify(await rawItem(key)))).toBeLessThan(LIMIT / 2);
  });

  it('keeps a diagnostic to its first MAX_DETAIL_CHARS characters, so a status costs a bounded size', async () => {
    const key = newKey();
    const claim = await ledger().claim(key, { force: false, handOver: { subject: 's', archiveKey: 'k', messageSha256: 'f' } });
    if (claim.outcome !== 'claimed') throw new Error(claim.outcome);

    await record(
      sesEvent(key, claim.claimId, 'm', {
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          timestamp: clock.toISOString(),
          bouncedRecipients: [{ emailAddress: person, diagnosticCode: longDiagnostic }],
        },
      }),
    );

    const detail = (await ledger().read(key))?.attempt?.recipients[person]?.detail ?? '';
    expect(detail).toHaveLength(MAX_DETAIL_CHARS);
    expect(detail.endsWith('…')).toBe(true);
  });
});

describe('an item at the limit', () => {
  /** Grows the item's one attempt until the next write of a few hundred bytes no longer fits (only a quick way to reach the limit). */
  const fill = async (key: LedgerKey): Promise<{ claimId: string }> => {
    const claim = await ledger().claim(key, { force: false, handOver: { subject: 's', archiveKey: 'k', messageSha256: 'f' } });
    if (claim.outcome !== 'claimed') throw new Error(claim.outcome);
    await ledger().markSent(key, claim.claimId, { messageId: 'm-full' });
    const room = LIMIT - (await sizeOf(key)) - 'padding'.length - 200;
    await documents.send(
      new UpdateCommand({
        TableName: dynamo.tableName,
        Key: ledgerItemKey(key),
        UpdateExpression: 'SET padding = :padding',
        ExpressionAttributeValues: { ':padding': 'p'.repeat(room) },
      }),
    );
    return { claimId: claim.claimId };
  };

  it('refuses the forced claim, so nothing is archived or sent and the month stays sent as it was', async () => {
    // prepare
    const key = newKey();
    await fill(key);
    const before = await ledger().read(key);
    const calls = { archived: 0, sent: [] as RawEmail[] };
    const archive: EmailArchive = {
      store: async () => {
        calls.archived += 1;
      },
      list: async () => [],
      read: async () => {
        throw new Error('not read here');
      },
    };
    const deps: DeliveryDeps = {
      sender: { address: 'reportes@example.com', name: 'IOBot Reportes' },
      ledger: ledger(),
      archive,
      sendRaw: async (email) => {
        calls.sent.push(email);
        return { messageId: 'never' };
      },
      throttle: async () => {},
      logger: new Logger({ logLevel: 'SILENT' }),
    };

    // act
    const result = await deliverEmail(
      {
        key: { group: key.group, month: key.month, target: key.target },
        person,
        email: { subject: 'Reporte mensual', html: '<p>hola</p>', text: 'hola', attachments: [] },
        force: true,
      },
      deps,
    );

    // assert
    expect(result).toEqual({
      status: 'failed',
      reason: expect.stringMatching(/^send ledger unavailable: Item size to update has exceeded the maximum allowed size/),
    });
    expect(calls).toEqual({ archived: 0, sent: [] });
    expect(await ledger().read(key)).toEqual(before);
    expect(before).toMatchObject({ status: 'sent', attempt: { messageId: 'm-full' } });
  });

  it("fails the SES event that no longer fits, so EventBridge retries it and keeps it in the consumer's DLQ", async () => {
    const key = newKey();
    const { claimId } = await fill(key);

    const recorded = record(
      sesEvent(key, claimId, 'm-full', {
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          timestamp: clock.toISOString(),
          bouncedRecipients: [{ emailAddress: person, diagnosticCode: longDiagnostic }],
        },
      }),
    );

    await expect(recorded).rejects.toThrow(/Item size to update has exceeded the maximum allowed size/);
  });
});
