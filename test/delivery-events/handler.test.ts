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
import { createDynamoLedger, type LedgerKey, type SendLedger } from '../../functions/ledger/send-ledger.ts';

/**
 * The delivery-events consumer through its real handler, with SES event payloads in the documented
 * shapes inside EventBridge's envelope, on a local DynamoDB ledger.
 */
type Handler = typeof import('../../functions/delivery-events/handler.ts')['handler'];
let dynamo: LocalDynamo;
let ledger: SendLedger;
let documents: DynamoDBDocumentClient;
let handler: Handler;
let companies = 0;
const CONFIGURATION_SET = 'iobot-report-mailer';
const TO = ['gerencia@example.com', 'archivo@example.com'];

/** A ledger item in the given state and the message SES would report events about. */
const email = async (state: 'sent' | 'handing' = 'sent'): Promise<{ key: LedgerKey; message: SentMessage }> => {
  const key: LedgerKey = { group: 'aquatec', month: '2026-04', target: (companies += 1), recipientsHash: 'abc' };
  const claim = await ledger.claim(key, { force: false });
  if (claim.outcome !== 'claimed') throw new Error('expected a claim');
  await ledger.handOver(key, claim.claimId);
  const messageId = `0100019a-${key.target}`;
  if (state === 'sent') await ledger.markSent(key, claim.claimId, { messageId, subject: 'Reporte' });
  return {
    key,
    message: {
      messageId,
      source: 'reportes@example.com',
      destinations: TO,
      tags: messageTags({ key, claimId: claim.claimId }),
      configurationSet: CONFIGURATION_SET,
      at: new Date('2026-05-01T13:00:00Z'),
    },
  };
};

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
  ledger = createDynamoLedger(documents, { tableName: dynamo.tableName, leaseMs: 60_000 });
  ({ handler } = await import('../../functions/delivery-events/handler.ts'));
});
afterAll(() => dynamo.close());

describe('delivery-events handler', () => {
  it('records a delivery for every recipient', async () => {
    const { key, message } = await email();

    const result = await handler(deliveryEvent(message));

    expect(result).toEqual({ outcome: 'recorded', group: 'aquatec', settled: false, changed: 2, metric: 'DeliveryDelivered' });
    expect((await ledger.read(key))?.recipients).toEqual({
      'gerencia@example.com': { status: 'delivered', at: '2026-05-01T13:00:02.000Z', detail: '250 2.6.0 Message received', rank: 2 },
      'archivo@example.com': { status: 'delivered', at: '2026-05-01T13:00:02.000Z', detail: '250 2.6.0 Message received', rank: 2 },
    });
  });

  it('is idempotent: the same event twice changes nothing the second time', async () => {
    const { message } = await email();
    const event = deliveryEvent(message);
    await handler(event);

    const again = await handler(event);

    expect(again).toMatchObject({ outcome: 'recorded', changed: 0 });
  });

  it('never lets a late "delayed" overwrite "delivered", but lets "delivered" replace "delayed"', async () => {
    const { key, message } = await email();
    await handler(deliveryDelayEvent(message, 'gerencia@example.com'));
    await handler(deliveryEvent(message, ['gerencia@example.com']));

    const late = await handler(deliveryDelayEvent(message, 'gerencia@example.com'));

    expect(late).toMatchObject({ changed: 0, metric: 'DeliveryDelayed' });
    expect((await ledger.read(key))?.recipients['gerencia@example.com']?.status).toBe('delivered');
  });

  it.each([
    ['Permanent', 'DeliveryHardBounce', 'Permanent/General: smtp; 550 5.1.1 user unknown'],
    ['Transient', 'DeliverySoftBounce', 'Transient/MailboxFull: smtp; 452 4.2.2 mailbox full'],
  ] as const)('records a %s bounce with type, subtype and diagnostic', async (bounceType, metric, detail) => {
    const { key, message } = await email();

    const result = await handler(bounceEvent(message, 'Gerencia@Example.com', bounceType));

    expect(result).toMatchObject({ changed: 1, metric });
    expect((await ledger.read(key))?.recipients['gerencia@example.com']).toMatchObject({ status: 'bounced', detail });
  });

  it('records a complaint over an earlier delivery', async () => {
    const { key, message } = await email();
    await handler(deliveryEvent(message));

    const result = await handler(complaintEvent(message, 'archivo@example.com'));

    expect(result).toMatchObject({ changed: 1, metric: 'DeliveryComplaint' });
    expect((await ledger.read(key))?.recipients['archivo@example.com']).toMatchObject({ status: 'complained', detail: 'abuse' });
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
    const { key, message } = await email();

    const result = await handler(build(message));

    expect(result).toMatchObject({ changed: 2, metric });
    expect(Object.values((await ledger.read(key))?.recipients ?? {}).map((recipient) => recipient.detail)).toEqual([detail, detail]);
  });

  it('settles an uncertain hand-over from the Send event', async () => {
    const { key, message } = await email('handing');

    const result = await handler(sendEvent(message));

    expect(result).toMatchObject({ outcome: 'recorded', settled: true, metric: 'DeliverySent' });
    expect(await ledger.read(key)).toMatchObject({ status: 'sent', messageId: message.messageId, settledBy: 'ses-event' });
  });

  it('settles an uncertain hand-over from a Delivery that arrives before the Send event', async () => {
    const { key, message } = await email('handing');

    await handler(deliveryEvent(message));

    expect(await ledger.read(key)).toMatchObject({ status: 'sent', settledBy: 'ses-event' });
  });

  it("records a re-send's events on the original item but never lets them settle its uncertain hand-over", async () => {
    const { key, message } = await email('handing');
    const claimId = (await ledger.read(key))?.claimId ?? '';
    const resent: SentMessage = { ...message, messageId: 'm-resent', tags: messageTags({ key, claimId, resend: true }) };

    const send = await handler(sendEvent(resent));
    const bounce = await handler(bounceEvent(resent, 'gerencia@example.com'));

    expect(send).toMatchObject({ outcome: 'recorded', settled: false });
    expect(bounce).toMatchObject({ outcome: 'recorded', settled: false, changed: 1 });
    expect(await ledger.read(key)).toMatchObject({ status: 'handing', recipients: { 'gerencia@example.com': { status: 'bounced' } } });
  });

  it('ignores mail it did not send: another configuration set, or no report-mailer tags', async () => {
    const { message } = await email();

    const otherSet = await handler(deliveryEvent({ ...message, configurationSet: 'marketing' }));
    const untagged = await handler(deliveryEvent({ ...message, tags: [] }));

    expect(otherSet).toEqual({ outcome: 'ignored', reason: 'configuration set "marketing" is not ours' });
    expect(untagged).toEqual({ outcome: 'ignored', reason: 'no report-mailer tags: not a report email' });
  });

  it('leaves a forced re-send alone when a late event of the earlier message arrives, and records it on that attempt in previous', async () => {
    const { key, message } = await email();
    const forced = await ledger.claim(key, { force: true });
    if (forced.outcome !== 'claimed') throw new Error('expected a forced claim');

    const late = await handler(bounceEvent(message, 'gerencia@example.com'));
    const again = await handler(bounceEvent(message, 'gerencia@example.com'));
    const delayed = await handler(deliveryDelayEvent(message, 'gerencia@example.com'));

    expect(late).toMatchObject({ changed: 1, settled: false });
    expect([again, delayed]).toMatchObject([{ changed: 0 }, { changed: 0 }]);
    const state = await ledger.read(key);
    expect(state?.recipients).toEqual({});
    expect(state?.previous[0]).toMatchObject({
      messageId: message.messageId,
      recipients: { 'gerencia@example.com': { status: 'bounced', rank: 3 } },
    });
  });

  it("writes on the person's item of the email (group, month, target, person)", async () => {
    const { key, message } = await email();

    await handler(bounceEvent(message, 'gerencia@example.com'));

    const { Item } = await documents.send(
      new GetCommand({ TableName: dynamo.tableName, Key: { pk: `aquatec#2026-04#${key.target}`, sk: `person#${key.recipientsHash}` } }),
    );
    expect(Item?.['rcpt#gerencia@example.com']).toMatchObject({ status: 'bounced' });
  });

  it("records the events of a forced re-send on the person's item, and the earlier message's on the earlier attempt, in any order", async () => {
    const { key, message } = await email();
    await handler(deliveryEvent(message, ['gerencia@example.com']));
    const changed = key;
    const forced = await ledger.claim(changed, { force: true });
    if (forced.outcome !== 'claimed') throw new Error('expected a forced claim');
    await ledger.handOver(changed, forced.claimId);
    const resent: SentMessage = {
      ...message,
      messageId: 'm-forced',
      destinations: ['nueva@example.com'],
      tags: messageTags({ key: changed, claimId: forced.claimId }),
    };

    await handler(deliveryEvent(resent));
    const late = await handler(bounceEvent(message, 'gerencia@example.com'));
    await handler(sendEvent(resent));

    expect(late).toMatchObject({ changed: 1, settled: false });
    expect((await ledger.read(changed))?.previous[0]).toMatchObject({
      status: 'sent',
      messageId: message.messageId,
      recipients: { 'gerencia@example.com': { status: 'bounced' } },
    });
    expect(await ledger.read(changed)).toMatchObject({
      status: 'sent',
      messageId: 'm-forced',
      recipientsHash: key.recipientsHash,
      recipients: { 'nueva@example.com': { status: 'delivered', at: expect.any(String), detail: expect.any(String), rank: 2 } },
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
