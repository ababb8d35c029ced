import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MessageRejected, SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../dev/dynamodb-local.ts';
import { deliverEmail, type DeliveryDeps, type DeliveryRequest } from '../../functions/delivery/deliver-email.ts';
import { createDynamoLedger } from '../../functions/delivery/send-ledger.ts';
import { createSesSender } from '../../functions/delivery/ses-sender.ts';

const ses = mockClient(SESClient);
let dynamo: LocalDynamo;
let deps: DeliveryDeps;
let companies = 0;

const request = (changes: Partial<DeliveryRequest> = {}): DeliveryRequest => ({
  key: { group: 'aquatec', month: '2026-04', target: (companies += 1) },
  recipients: { to: ['gerencia@example.com'], cc: [], bcc: ['archivo@example.com'] },
  email: { subject: 'Reporte mensual', html: '<p>hola</p>', text: 'hola', attachments: [] },
  force: false,
  ...changes,
});
const rawOf = (call: number): string => Buffer.from(ses.commandCalls(SendRawEmailCommand)[call]?.args[0].input.RawMessage?.Data ?? []).toString('utf8');

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: dynamo.url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }),
  );
  deps = {
    sender: { address: 'reportes@example.com', name: 'IOBot Reportes' },
    ledger: createDynamoLedger(documents, { tableName: dynamo.tableName }),
    sendRaw: createSesSender(new SESClient({ region: 'us-east-1' })),
    throttle: async () => {},
    logger: new Logger({ logLevel: 'SILENT' }),
  };
});
afterAll(() => dynamo.close());
beforeEach(() => ses.reset());

describe('deliverEmail', () => {
  it('sends to every envelope recipient once and tags the message with group, month and target', async () => {
    // prepare
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-1' });
    const first = request();

    // act
    const result = await deliverEmail(first, deps);

    // assert
    expect(result).toEqual({ status: 'sent', messageId: 'm-1' });
    expect(ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input.Destinations).toEqual(['gerencia@example.com', 'archivo@example.com']);
    expect(rawOf(0)).toMatch(new RegExp(`^X-IOBot-Report: aquatec/2026-04/${first.key.target}\r$`, 'im'));
    expect(rawOf(0)).not.toMatch(/^Bcc:/m);
  });

  it('skips an email the ledger already records, with the original message id', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-2' });
    const again = request();
    await deliverEmail(again, deps);

    const result = await deliverEmail(again, deps);

    expect(result).toMatchObject({ status: 'skipped', messageId: 'm-2', reason: expect.stringContaining('"force": true') });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });

  it('gives the claim back when SES refuses, so the next run tries again', async () => {
    ses.on(SendRawEmailCommand).rejectsOnce(new MessageRejected({ message: 'Email address is not verified.', $metadata: {} })).resolves({ MessageId: 'm-3' });
    const refused = request();

    const failed = await deliverEmail(refused, deps);
    const retried = await deliverEmail(refused, deps);

    expect(failed).toEqual({ status: 'failed', reason: 'SES MessageRejected: Email address is not verified.' });
    expect(retried).toEqual({ status: 'sent', messageId: 'm-3' });
  });

  it('names the replaced recipients on a redirected copy', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-4' });

    await deliverEmail(request({ recipients: { to: ['qa@example.com'], cc: [], bcc: [] }, redirectedFrom: { to: ['gerencia@example.com'], cc: ['ops@example.com'], bcc: [] } }), deps);

    expect(rawOf(0)).toMatch(/^X-IOBot-Redirected-From: gerencia@example\.com, ops@example\.com\r$/im);
    expect(ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input.Destinations).toEqual(['qa@example.com']);
  });

  it('never shows the replaced Bcc recipients to the redirect target', async () => {
    // prepare
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-5' });
    const redirectedFrom = { to: ['gerencia@example.com'], cc: [], bcc: ['auditoria-secreta@example.com'] };

    // act
    await deliverEmail(request({ recipients: { to: ['qa@example.com'], cc: [], bcc: [] }, redirectedFrom }), deps);

    // assert
    expect(rawOf(0)).toMatch(/^X-IOBot-Redirected-From: gerencia@example\.com\r$/im);
    expect(rawOf(0)).not.toContain('auditoria-secreta');
  });
});
