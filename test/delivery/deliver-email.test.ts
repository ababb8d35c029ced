import { Logger } from '@aws-lambda-powertools/logger';
import { MessageRejected, SESClient, SESServiceException, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../dev/stand-ins/dynamodb-local.ts';
import { startLocalS3, type LocalS3 } from '../../dev/stand-ins/s3-local.ts';
import { deliverEmail, type DeliveryDeps, type DeliveryRequest } from '../../functions/delivery/deliver-email.ts';
import { createS3Archive, sha256 } from '../../functions/delivery/email-archive.ts';
import { taggedSendOf } from '../../functions/delivery/message-tags.ts';
import { createDynamoLedger, personHash } from '../../functions/ledger/send-ledger.ts';
import { createSesSender } from '../../functions/delivery/ses-sender.ts';

const ses = mockClient(SESClient);
let dynamo: LocalDynamo;
let s3: LocalS3;
let s3Client: S3Client;
let documents: DynamoDBDocumentClient;
let deps: DeliveryDeps;
/** A ledger whose lease runs out at once, to see what the next run finds. */
let shortLease: DeliveryDeps;
let companies = 0;

const request = (changes: Partial<DeliveryRequest> = {}): DeliveryRequest => ({
  key: { group: 'aquatec', month: '2026-04', target: (companies += 1) },
  person: 'gerencia@example.com',
  email: { subject: 'Reporte mensual', html: '<p>hola</p>', text: 'hola', attachments: [] },
  force: false,
  ...changes,
});
const rawOf = (call: number): string =>
  Buffer.from(ses.commandCalls(SendRawEmailCommand)[call]?.args[0].input.RawMessage?.Data ?? []).toString('utf8');

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  s3 = await startLocalS3('deliver-email-archive');
  s3Client = new S3Client({ region: 'us-east-1', endpoint: s3.url, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  documents = dynamo.documents;
  deps = {
    sender: { address: 'reportes@example.com', name: 'IOBot Reportes' },
    ledger: createDynamoLedger(documents, { tableName: dynamo.tableName }),
    archive: createS3Archive(s3Client, s3.bucket),
    sendRaw: createSesSender(new SESClient({ region: 'us-east-1' })),
    throttle: async () => {},
    logger: new Logger({ logLevel: 'SILENT' }),
  };
  shortLease = { ...deps, ledger: createDynamoLedger(documents, { tableName: dynamo.tableName, leaseMs: 10 }) };
});
afterAll(async () => {
  // The shared vitest project keeps this worker's modules for the next file: give SESClient back.
  ses.restore();
  await dynamo.close();
  await s3.close();
});
beforeEach(() => ses.reset());

describe('deliverEmail', () => {
  it('sends one message to the one person, To: them alone, and tags it with group, month and target', async () => {
    // prepare
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-1' });
    const first = request();

    // act
    const result = await deliverEmail(first, deps);

    // assert
    expect(result).toEqual({ status: 'sent', messageId: 'm-1' });
    expect(ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input.Destinations).toEqual(['gerencia@example.com']);
    expect(rawOf(0)).toMatch(new RegExp(`^X-IOBot-Report: aquatec/2026-04/${first.key.target}\r$`, 'im'));
    expect(rawOf(0)).toMatch(/^To: gerencia@example\.com\r$/m);
    expect(rawOf(0)).not.toMatch(/^(Cc|Bcc):/m);
  });

  it("sends under the display name the group's branding gives, from the same address", async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-from' });
    const branded = request({
      email: { subject: 'Reporte mensual', html: '<p>hola</p>', text: 'hola', attachments: [], fromName: 'Aquatec Reportes' },
    });

    await deliverEmail(branded, deps);
    await deliverEmail(request(), deps);

    expect(rawOf(0)).toMatch(/^From: Aquatec Reportes <reportes@example\.com>\r$/m);
    expect(rawOf(1)).toMatch(/^From: IOBot Reportes <reportes@example\.com>\r$/m);
    expect(ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input.Source).toBe('reportes@example.com');
  });

  it('skips an email the ledger already records, with the original message id', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-2' });
    const again = request();
    await deliverEmail(again, deps);

    const result = await deliverEmail(again, deps);

    expect(result).toMatchObject({ status: 'skipped', messageId: 'm-2', reason: expect.stringContaining('"force": true') });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });

  it('a changed recipient list only adds people: the new person is sent without force, the earlier one is not sent twice', async () => {
    // Before: one item per recipient list, so a new list was "already sent to an earlier list" until forced.
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-9' });
    const first = request();
    await deliverEmail(first, deps);

    const added = await deliverEmail({ ...first, person: 'nueva@example.com' }, deps);
    const again = await deliverEmail(first, deps);

    expect(added).toEqual({ status: 'sent', messageId: 'm-9' });
    expect(again).toMatchObject({ status: 'skipped', messageId: 'm-9' });
    expect(ses.commandCalls(SendRawEmailCommand).map((call) => call.args[0].input.Destinations)).toEqual([
      ['gerencia@example.com'],
      ['nueva@example.com'],
    ]);
  });

  it('sends a month SES rejected to the corrected recipient list without force: nobody got it before', async () => {
    ses
      .on(SendRawEmailCommand)
      .rejectsOnce(new MessageRejected({ message: 'Email address is not verified.', $metadata: { httpStatusCode: 400 } }))
      .resolves({ MessageId: 'm-10' });
    const refused = request();
    await deliverEmail(refused, deps);

    const corrected = await deliverEmail({ ...refused, person: 'arreglada@example.com' }, deps);

    expect(corrected).toEqual({ status: 'sent', messageId: 'm-10' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(2);
    expect(ses.commandCalls(SendRawEmailCommand)[1]?.args[0].input.Destinations).toEqual(['arreglada@example.com']);
  });

  it('never lets a redirected test copy block the real email of the month', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-11' });
    const real = request();
    await deliverEmail({ ...real, person: 'qa@example.com', redirectedFrom: { to: [real.person], cc: [], bcc: [] } }, deps);

    const result = await deliverEmail(real, deps);

    expect(result).toEqual({ status: 'sent', messageId: 'm-11' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(2);
  });

  it('records a permanent SES rejection so the retry does not call SES again; force does', async () => {
    ses
      .on(SendRawEmailCommand)
      .rejectsOnce(new MessageRejected({ message: 'Email address is not verified.', $metadata: { httpStatusCode: 400 } }))
      .resolves({ MessageId: 'm-3' });
    const refused = request();

    const failed = await deliverEmail(refused, deps);
    const retried = await deliverEmail(refused, deps);
    const forced = await deliverEmail({ ...refused, force: true }, deps);

    expect(failed).toEqual({
      status: 'failed',
      permanent: true,
      reason: expect.stringMatching(/^SES MessageRejected: Email address is not verified\. \(recorded: retries will not try again/),
    });
    expect(retried).toEqual({
      status: 'failed',
      permanent: true,
      reason: expect.stringMatching(
        /^SES rejected this email permanently on .* \(SES MessageRejected: Email address is not verified\.\); not tried again/,
      ),
    });
    expect(forced).toEqual({ status: 'sent', messageId: 'm-3' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(2);
  });

  it('gives the claim back after a transient SES refusal, so the next run tries again', async () => {
    ses
      .on(SendRawEmailCommand)
      .rejectsOnce(
        Object.assign(new SESServiceException({ name: 'ExpiredToken', $fault: 'client', $metadata: { httpStatusCode: 400 } }), {
          message: 'boom',
        }),
      )
      .resolves({ MessageId: 'm-6' });
    const flaky = request();

    const failed = await deliverEmail(flaky, deps);
    const retried = await deliverEmail(flaky, deps);

    expect(failed).toEqual({ status: 'failed', reason: 'SES ExpiredToken: boom' });
    expect(retried).toEqual({ status: 'sent', messageId: 'm-6' });
  });

  it('calls an SES server error (5xx) uncertain and keeps the claim: SES may have accepted the message', async () => {
    // Before: a 5xx released the claim, and Lambda's retry sent a second copy.
    ses
      .on(SendRawEmailCommand)
      .rejectsOnce(
        Object.assign(new SESServiceException({ name: 'InternalFailure', $fault: 'server', $metadata: { httpStatusCode: 500 } }), {
          message: 'boom',
        }),
      )
      .resolves({ MessageId: 'm-6b' });
    const flaky = request();

    const first = await deliverEmail(flaky, deps);
    const again = await deliverEmail(flaky, deps);

    expect(first).toMatchObject({
      status: 'uncertain',
      reason: expect.stringMatching(/^SES InternalFailure: boom: SES never answered with a refusal/),
    });
    expect(again.status).not.toBe('sent');
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });

  it('calls an unanswered SES call uncertain and never sends it again on its own', async () => {
    ses
      .on(SendRawEmailCommand)
      .rejectsOnce(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }))
      .resolves({ MessageId: 'm-7' });
    const lost = request();

    const first = await deliverEmail(lost, shortLease);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const retried = await deliverEmail(lost, shortLease);

    expect(first).toEqual({
      status: 'uncertain',
      reason: expect.stringMatching(/^SES TimeoutError: socket hang up: SES never answered with a refusal/),
    });
    expect(retried).toEqual({ status: 'uncertain', reason: expect.stringMatching(/never recorded SES's answer/) });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });

  it('passes the configuration set and tags that name the ledger item and the claim', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-8' });
    const tagged = request();

    await deliverEmail(tagged, { ...deps, configurationSet: 'iobot-report-mailer' });

    const input = ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input;
    expect(input?.ConfigurationSetName).toBe('iobot-report-mailer');
    expect(taggedSendOf(Object.fromEntries((input?.Tags ?? []).map((tag) => [tag.Name, [tag.Value as string]])))).toEqual({
      key: { group: 'aquatec', month: '2026-04', target: tagged.key.target, recipientsHash: expect.stringMatching(/^[0-9a-f]{16}$/) },
      claimId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('names the replaced recipients on a redirected copy', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-4' });

    await deliverEmail(
      request({
        person: 'qa@example.com',
        redirectedFrom: { to: ['gerencia@example.com'], cc: ['ops@example.com'], bcc: [] },
      }),
      deps,
    );

    expect(rawOf(0)).toMatch(/^X-IOBot-Redirected-From: gerencia@example\.com, ops@example\.com\r$/im);
    expect(ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input.Destinations).toEqual(['qa@example.com']);
  });

  it('never shows the replaced Bcc recipients to the redirect target', async () => {
    // prepare
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-5' });
    const redirectedFrom = { to: ['gerencia@example.com'], cc: [], bcc: ['auditoria-secreta@example.com'] };

    // act
    await deliverEmail(request({ person: 'qa@example.com', redirectedFrom }), deps);

    // assert
    expect(rawOf(0)).toMatch(/^X-IOBot-Redirected-From: gerencia@example\.com\r$/im);
    expect(rawOf(0)).not.toContain('auditoria-secreta');
  });

  it('archives the exact bytes SES receives before the send, and the ledger points to them', async () => {
    // prepare
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-5' });
    const archived = request({ provenance: { dataHash: 'data-1', templateVersion: 'tpl-1' } });
    const archive = createS3Archive(s3Client, s3.bucket);

    // act
    await deliverEmail(archived, deps);

    // assert
    const [folder] = await archive.list('aquatec', '2026-04', archived.key.target);
    const stored = await archive.read(folder ?? '');
    const handed = ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input.RawMessage?.Data ?? new Uint8Array();
    expect(Buffer.from(stored.raw).equals(Buffer.from(handed))).toBe(true);
    expect(stored.manifest).toMatchObject({
      group: 'aquatec',
      month: '2026-04',
      target: archived.key.target,
      recipients: { to: [archived.person], cc: [], bcc: [] },
      subject: 'Reporte mensual',
      status: 'sent',
      sesMessageId: 'm-5',
      messageSha256: sha256(handed),
      dataHash: 'data-1',
      templateVersion: 'tpl-1',
    });
    const pk = `aquatec#2026-04#${archived.key.target}`;
    const sk = `person#${personHash(archived.person)}`;
    const { Item } = await documents.send(new GetCommand({ TableName: dynamo.tableName, Key: { pk, sk } }));
    expect(Item).toMatchObject({
      status: 'sent',
      messageId: 'm-5',
      archiveKey: folder,
      messageSha256: sha256(handed),
      recipientsHash: personHash(archived.person),
    });
  });

  it('sends nothing when the archive is unavailable, and releases the claim', async () => {
    // prepare
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-6' });
    const unarchivable = request();
    const noBucket = { ...deps, archive: createS3Archive(s3Client, 'no-such-bucket') };

    // act
    const failed = await deliverEmail(unarchivable, noBucket);
    const retried = await deliverEmail(unarchivable, deps);

    // assert
    expect(failed).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^archive unavailable, not sent: /) });
    expect(retried).toEqual({ status: 'sent', messageId: 'm-6' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });

  it('marks the archived attempt not-sent with the reason when SES refuses', async () => {
    ses.on(SendRawEmailCommand).rejects(new MessageRejected({ message: 'Address blacklisted.', $metadata: {} }));
    const refused = request();
    const archive = createS3Archive(s3Client, s3.bucket);

    await deliverEmail(refused, deps);

    const [folder] = await archive.list('aquatec', '2026-04', refused.key.target);
    expect((await archive.read(folder ?? '')).manifest).toMatchObject({
      status: 'not-sent',
      reason: 'SES MessageRejected: Address blacklisted.',
    });
  });
});
