import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../dev/stand-ins/dynamodb-local.ts';
import {
  bounceEvent,
  complaintEvent,
  deliveryDelayEvent,
  deliveryEvent,
  rejectEvent,
  renderingFailureEvent,
  sendEvent,
  sesEvent,
  type SentMessage,
} from '../../dev/stand-ins/ses-events.ts';
import { messageTags } from '../../functions/delivery/message-tags.ts';
import { createDynamoLedger } from '../../functions/ledger/dynamo-ledger.ts';
import { type Attempt, type LedgerKey, type SendLedger } from '../../functions/ledger/send-ledger.ts';

/**
 * The delivery-events consumer through its real handler, with SES event payloads in the documented
 * shapes inside EventBridge's envelope, on a local DynamoDB ledger. Each event lands on the attempt
 * whose claim id its tags carry.
 */
type Handler = typeof import('../../functions/delivery-events/handler.ts')['handler'];
let dynamo: LocalDynamo;
let ledger: SendLedger;
let documents: DynamoDBDocumentClient;
let handler: Handler;
let companies = 0;
/** The ledger's clock: a lease runs out when a test moves it past `LEASE_MS`. */
let clock = new Date('2026-05-01T13:00:00Z');
const LEASE_MS = 60_000;
const later = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
const CONFIGURATION_SET = 'iobot-report-mailer';
const TO = ['gerencia@example.com', 'archivo@example.com'];
const handOver = (key: LedgerKey) => ({
  subject: 'Reporte',
  archiveKey: `aquatec/2026-04/${key.target}/2026-05-01T13-00-00.000Z-${key.recipientsHash}.eml`,
  messageSha256: 'f'.repeat(64),
});

/** A claim of `key` (the hand-over to SES), and the message SES would report events about. */
const handed = async (key: LedgerKey, force = false): Promise<{ claimId: string; message: SentMessage }> => {
  const claim = await ledger.claim(key, { force, handOver: handOver(key) });
  if (claim.outcome !== 'claimed') throw new Error(`expected a claim, got ${JSON.stringify(claim)}`);
  return {
    claimId: claim.claimId,
    message: {
      messageId: `0100019a-${key.target}-${claim.claimId.slice(0, 8)}`,
      source: 'reportes@example.com',
      destinations: TO,
      tags: messageTags({ key, claimId: claim.claimId }),
      configurationSet: CONFIGURATION_SET,
      at: new Date('2026-05-01T13:00:00Z'),
    },
  };
};

/** A ledger item in the given state and the message SES would report events about. */
const email = async (state: 'sent' | 'handing' = 'sent'): Promise<{ key: LedgerKey; claimId: string; message: SentMessage }> => {
  const key: LedgerKey = { group: 'aquatec', month: '2026-04', target: (companies += 1), recipientsHash: 'abc' };
  const { claimId, message } = await handed(key);
  if (state === 'sent') await ledger.markSent(key, claimId, { messageId: message.messageId });
  return { key, claimId, message };
};

/** One attempt of the item, by its claim id (whatever the item's status is about). */
const attemptOf = async (key: LedgerKey, claimId: string): Promise<Attempt | undefined> =>
  (await ledger.read(key))?.attempts.find((attempt) => attempt.claimId === claimId);
const recipientsOf = async (key: LedgerKey, claimId: string) => (await attemptOf(key, claimId))?.recipients;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    LEDGER_TABLE_NAME: dynamo.tableName,
    SES_CONFIGURATION_SET: CONFIGURATION_SET,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.url }));
  ledger = createDynamoLedger(documents, { tableName: dynamo.tableName, leaseMs: LEASE_MS, now: () => clock });
  ({ handler } = await import('../../functions/delivery-events/handler.ts'));
});
afterAll(() => dynamo.close());

describe('delivery-events handler', () => {
  it('records a delivery for every recipient on the attempt of its claim', async () => {
    const { key, claimId, message } = await email();

    const result = await handler(deliveryEvent(message));

    expect(result).toEqual({ outcome: 'recorded', group: 'aquatec', settled: false, changed: 2, metric: 'DeliveryDelivered' });
    expect(await recipientsOf(key, claimId)).toEqual({
      'gerencia@example.com': { status: 'delivered', at: '2026-05-01T13:00:02.000Z', detail: '250 2.6.0 Message received', rank: 2 },
      'archivo@example.com': { status: 'delivered', at: '2026-05-01T13:00:02.000Z', detail: '250 2.6.0 Message received', rank: 2 },
    });
    expect((await ledger.read(key))?.attempt?.recipients).toEqual(await recipientsOf(key, claimId));
  });

  it('is idempotent: the same event twice changes nothing the second time', async () => {
    const { key, claimId, message } = await email();
    const event = deliveryEvent(message);
    await handler(event);
    const once = await attemptOf(key, claimId);

    const again = await handler(event);

    expect(again).toMatchObject({ outcome: 'recorded', changed: 0 });
    expect(await attemptOf(key, claimId)).toEqual(once);
  });

  it('never lets a late "delayed" overwrite "delivered", but lets "delivered" replace "delayed"', async () => {
    const { key, claimId, message } = await email();
    await handler(deliveryDelayEvent(message, 'gerencia@example.com'));
    await handler(deliveryEvent(message, ['gerencia@example.com']));

    const late = await handler(deliveryDelayEvent(message, 'gerencia@example.com'));

    expect(late).toMatchObject({ changed: 0, metric: 'DeliveryDelayed' });
    expect((await recipientsOf(key, claimId))?.['gerencia@example.com']?.status).toBe('delivered');
  });

  it('keeps a bounce when the Delivery of the same message arrives after it (out of order)', async () => {
    const { key, claimId, message } = await email();
    await handler(bounceEvent(message, 'gerencia@example.com'));

    const late = await handler(deliveryEvent(message));

    expect(late).toMatchObject({ changed: 1, metric: 'DeliveryDelivered' });
    expect(await recipientsOf(key, claimId)).toMatchObject({
      'gerencia@example.com': { status: 'bounced', rank: 3 },
      'archivo@example.com': { status: 'delivered', rank: 2 },
    });
  });

  it.each([
    ['Permanent', 'DeliveryHardBounce', 'Permanent/General: smtp; 550 5.1.1 user unknown'],
    ['Transient', 'DeliverySoftBounce', 'Transient/MailboxFull: smtp; 452 4.2.2 mailbox full'],
  ] as const)('records a %s bounce with type, subtype and diagnostic', async (bounceType, metric, detail) => {
    const { key, claimId, message } = await email();

    const result = await handler(bounceEvent(message, 'Gerencia@Example.com', bounceType));

    expect(result).toMatchObject({ changed: 1, metric });
    expect((await recipientsOf(key, claimId))?.['gerencia@example.com']).toMatchObject({ status: 'bounced', detail });
  });

  it('records a complaint over an earlier delivery', async () => {
    const { key, claimId, message } = await email();
    await handler(deliveryEvent(message));

    const result = await handler(complaintEvent(message, 'archivo@example.com'));

    expect(result).toMatchObject({ changed: 1, metric: 'DeliveryComplaint' });
    expect((await recipientsOf(key, claimId))?.['archivo@example.com']).toMatchObject({ status: 'complained', detail: 'abuse' });
  });

  it.each([
    ['reject', rejectEvent, 'DeliveryRejected', 'rejected by SES: Bad content'],
    [
      'rendering failure',
      renderingFailureEvent,
      'DeliveryRenderingFailure',
      "rendering failed: Attribute 'name' is not present in the rendering data.",
    ],
  ] as const)('records a %s for every recipient of the message', async (_name, build, metric, detail) => {
    const { key, claimId, message } = await email();

    const result = await handler(build(message));

    expect(result).toMatchObject({ changed: 2, metric });
    expect(Object.values((await recipientsOf(key, claimId)) ?? {}).map((recipient) => recipient.detail)).toEqual([detail, detail]);
  });

  it('settles an uncertain hand-over from the Send event, once: a repeated Send event settles nothing', async () => {
    const { key, claimId, message } = await email('handing');
    later(LEASE_MS + 1);
    expect((await ledger.read(key))?.status).toBe('uncertain');

    const result = await handler(sendEvent(message));
    const repeated = await handler(sendEvent(message));

    expect(result).toMatchObject({ outcome: 'recorded', settled: true, metric: 'DeliverySent' });
    expect(repeated).toMatchObject({ outcome: 'recorded', settled: false });
    expect(await ledger.read(key)).toMatchObject({
      status: 'sent',
      attempt: { claimId, status: 'sent', messageId: message.messageId, sentAt: message.at.toISOString(), settledBy: 'ses-event' },
    });
    expect(await ledger.claim(key, { force: false, handOver: handOver(key) })).toMatchObject({
      outcome: 'already-sent',
      messageId: message.messageId,
    });
  });

  it('settles an uncertain hand-over from a Delivery that arrives before the Send event', async () => {
    const { key, claimId, message } = await email('handing');
    later(LEASE_MS + 1);

    const delivered = await handler(deliveryEvent(message));
    const send = await handler(sendEvent(message));

    expect([delivered, send]).toMatchObject([{ settled: true, changed: 2 }, { settled: false }]);
    expect(await ledger.read(key)).toMatchObject({
      status: 'sent',
      attempt: { claimId, settledBy: 'ses-event', recipients: { 'gerencia@example.com': { status: 'delivered' } } },
    });
  });

  it("settles a live hand-over whose Send event beats the holder's answer; the holder's answer is then still recorded", async () => {
    const { key, claimId, message } = await email('handing');

    const early = await handler(sendEvent(message));
    await ledger.markSent(key, claimId, { messageId: message.messageId });

    expect(early).toMatchObject({ settled: true });
    expect(await ledger.read(key)).toMatchObject({ status: 'sent', attempt: { claimId, status: 'sent', messageId: message.messageId } });
    const { Item } = await documents.send(
      new GetCommand({ TableName: dynamo.tableName, Key: { pk: `aquatec#2026-04#${key.target}`, sk: 'person#abc' } }),
    );
    expect(Item).toMatchObject({ sentBy: claimId });
    expect(Item?.claimId).toBeUndefined();
    expect(Item?.leaseUntil).toBeUndefined();
  });

  it("records a re-send's events on the attempt it re-sent, beside its own, and never lets them settle its uncertain hand-over", async () => {
    const { key, claimId, message } = await email('handing');
    later(LEASE_MS + 1);
    const resent: SentMessage = { ...message, messageId: 'm-resent', tags: messageTags({ key, claimId, resend: true }) };

    const send = await handler(sendEvent(resent));
    const bounce = await handler(bounceEvent(resent, 'gerencia@example.com'));

    expect(send).toMatchObject({ outcome: 'recorded', settled: false });
    expect(bounce).toMatchObject({ outcome: 'recorded', settled: false, changed: 1 });
    expect(await ledger.read(key)).toMatchObject({
      status: 'uncertain',
      attempt: { claimId, status: 'uncertain', recipients: {}, resent: { 'gerencia@example.com': { status: 'bounced' } } },
    });
    expect((await ledger.read(key))?.attempt?.messageId).toBeUndefined();
  });

  it('ignores mail it did not send: another configuration set, or no report-mailer tags', async () => {
    const { message } = await email();

    const otherSet = await handler(deliveryEvent({ ...message, configurationSet: 'marketing' }));
    const untagged = await handler(deliveryEvent({ ...message, tags: [] }));

    expect(otherSet).toEqual({ outcome: 'ignored', reason: 'configuration set "marketing" is not ours' });
    expect(untagged).toEqual({ outcome: 'ignored', reason: 'no report-mailer tags: not a report email' });
  });

  it('writes nothing for a claim the ledger does not hold: no attempt, no item, nothing settled', async () => {
    const { key, claimId, message } = await email();
    const before = await ledger.read(key);
    const unknownClaim = { ...message, tags: messageTags({ key, claimId: '00000000-0000-4000-8000-000000000000' }) };
    const noItem: LedgerKey = { ...key, target: (companies += 1) };
    const unknownItem = { ...message, tags: messageTags({ key: noItem, claimId }) };

    const answers = [
      await handler(sendEvent(unknownClaim)),
      await handler(bounceEvent(unknownClaim, 'gerencia@example.com')),
      await handler(sendEvent(unknownItem)),
      await handler(deliveryEvent(unknownItem)),
    ];

    expect(answers).toMatchObject([
      { settled: false, changed: 0 },
      { settled: false, changed: 0 },
      { settled: false, changed: 0 },
      { settled: false, changed: 0 },
    ]);
    expect(await ledger.read(key)).toEqual(before);
    expect(await ledger.read(noItem)).toBeUndefined();
  });

  it('records a late event of the earlier message on its own attempt, leaving the forced send that followed alone', async () => {
    const { key, claimId, message } = await email();
    later(1_000);
    const forced = await handed(key, true);

    const late = await handler(bounceEvent(message, 'gerencia@example.com'));
    const again = await handler(bounceEvent(message, 'gerencia@example.com'));
    const delayed = await handler(deliveryDelayEvent(message, 'gerencia@example.com'));

    expect(late).toMatchObject({ changed: 1, settled: false });
    expect([again, delayed]).toMatchObject([{ changed: 0 }, { changed: 0 }]);
    const state = await ledger.read(key);
    // The month went out: it reads sent while the forced copy is in flight, untouched by the late event.
    expect(state).toMatchObject({ status: 'sent', attempt: { claimId } });
    expect(state?.attempts.map((attempt) => attempt.claimId)).toEqual([forced.claimId, claimId]);
    expect(state?.attempts[0]).toMatchObject({ status: 'handing', forced: true, recipients: {} });
    expect(await attemptOf(key, claimId)).toMatchObject({
      status: 'sent',
      messageId: message.messageId,
      recipients: { 'gerencia@example.com': { status: 'bounced', rank: 3 } },
    });
  });

  it("writes on the person's item of the email (group, month, target, person), in the attempt of the claim", async () => {
    const { key, claimId, message } = await email();

    await handler(bounceEvent(message, 'gerencia@example.com'));

    const { Item } = await documents.send(
      new GetCommand({ TableName: dynamo.tableName, Key: { pk: `aquatec#2026-04#${key.target}`, sk: `person#${key.recipientsHash}` } }),
    );
    expect(Item?.[`attempt#${claimId}`]).toMatchObject({ recipients: { 'gerencia@example.com': { status: 'bounced' } } });
  });

  it("writes a redirected copy's events on the tester's item, never on the customer's", async () => {
    const customer: LedgerKey = { group: 'aquatec', month: '2026-04', target: (companies += 1), recipientsHash: 'abc' };
    const sent = await handed(customer);
    await ledger.markSent(customer, sent.claimId, { messageId: sent.message.messageId });
    const tester: LedgerKey = { ...customer, redirected: true };
    const copy = await handed(tester);

    await handler(bounceEvent(copy.message, 'gerencia@example.com'));

    expect(await recipientsOf(tester, copy.claimId)).toMatchObject({ 'gerencia@example.com': { status: 'bounced' } });
    expect(await recipientsOf(customer, sent.claimId)).toEqual({});
  });

  it.each([
    ['the forced send first', ['forced', 'earlier']],
    ['the earlier message first', ['earlier', 'forced']],
  ] as const)("records a forced send's events and the earlier message's each on its own attempt, %s", async (_order, order) => {
    // prepare: sent, then sent again with force (a new claim and attempt)
    const { key, claimId, message } = await email();
    await handler(deliveryEvent(message, ['gerencia@example.com']));
    later(1_000);
    const forced = await handed(key, true);
    const resent: SentMessage = { ...forced.message, destinations: ['nueva@example.com'] };
    const feed = {
      earlier: async () => [await handler(bounceEvent(message, 'archivo@example.com')), await handler(sendEvent(message))],
      forced: async () => [await handler(deliveryEvent(resent)), await handler(sendEvent(resent))],
    };

    // act: the forced send's answer from SES is never recorded by its holder: its events settle it
    const answers = { [order[0]]: await feed[order[0]](), [order[1]]: await feed[order[1]]() };

    // assert
    expect(answers.earlier).toMatchObject([
      { changed: 1, settled: false },
      { changed: 0, settled: false },
    ]);
    expect(answers.forced?.some((answer) => (answer as { settled: boolean }).settled)).toBe(true);
    expect(await attemptOf(key, claimId)).toMatchObject({
      status: 'sent',
      messageId: message.messageId,
      recipients: { 'gerencia@example.com': { status: 'delivered' }, 'archivo@example.com': { status: 'bounced' } },
    });
    expect(await ledger.read(key)).toMatchObject({
      status: 'sent',
      attempt: {
        claimId: forced.claimId,
        forced: true,
        status: 'sent',
        messageId: resent.messageId,
        settledBy: 'ses-event',
        recipients: { 'nueva@example.com': { status: 'delivered', at: expect.any(String), detail: expect.any(String), rank: 2 } },
      },
    });
    expect(Object.keys((await recipientsOf(key, forced.claimId)) ?? {})).toEqual(['nueva@example.com']);
  });

  it.each([
    ['the taken-over message first', ['earlier', 'forced']],
    ['the forced send first', ['forced', 'earlier']],
  ] as const)('settles both a hand-over a forced send took over and the forced send from their own events, %s', async (_order, order) => {
    // prepare: handed over without an answer, its lease runs out, a forced send takes the lock over
    const { key, claimId, message } = await email('handing');
    later(LEASE_MS + 1);
    const forced = await handed(key, true);
    expect(await ledger.read(key)).toMatchObject({ status: 'handing', attempt: { claimId: forced.claimId } });
    const feed = { earlier: () => handler(deliveryEvent(message)), forced: () => handler(sendEvent(forced.message)) };

    // act
    const answers = { [order[0]]: await feed[order[0]](), [order[1]]: await feed[order[1]]() };

    // assert
    expect(answers).toMatchObject({ earlier: { settled: true, changed: 2 }, forced: { settled: true } });
    expect(await attemptOf(key, claimId)).toMatchObject({ status: 'sent', messageId: message.messageId, settledBy: 'ses-event' });
    expect(await ledger.read(key)).toMatchObject({
      status: 'sent',
      attempt: { claimId: forced.claimId, status: 'sent', messageId: forced.message.messageId, settledBy: 'ses-event' },
    });
  });

  it('ignores event types it does not track', async () => {
    const { message } = await email();

    const open = sesEvent('Send', message, {
      open: { timestamp: '2026-05-01T14:00:00Z', userAgent: 'Mozilla/5.0', ipAddress: '192.0.2.1' },
    });
    open.detail.eventType = 'Open';

    expect(await handler(open)).toEqual({
      outcome: 'ignored',
      reason: 'event type Open is not tracked',
    });
  });

  it('throws on a malformed event, naming the field, so it is retried and then kept in the DLQ', async () => {
    await expect(
      handler({ source: 'aws.ses', 'detail-type': 'Email Delivered', id: 'x', time: 'now', detail: { eventType: 'Delivery' } }),
    ).rejects.toThrow(/detail\.mail/);
  });
});
