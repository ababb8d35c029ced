import { Logger } from '@aws-lambda-powertools/logger';
import { MessageRejected, SESClient, SESServiceException, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../dev/stand-ins/dynamodb-local.ts';
import { startLocalS3, type LocalS3 } from '../../dev/stand-ins/s3-local.ts';
import { deliverEmail, type DeliveryDeps, type DeliveryRequest } from '../../functions/delivery/deliver-email.ts';
import { ArchiveNotFoundError, createS3Archive, sha256 } from '../../functions/delivery/email-archive.ts';
import { taggedSendOf } from '../../functions/delivery/message-tags.ts';
import { createDynamoLedger } from '../../functions/ledger/dynamo-ledger.ts';
import { personHash, type LedgerKey } from '../../functions/ledger/send-ledger.ts';
import { createSesSender } from '../../functions/delivery/ses-sender.ts';

const ses = mockClient(SESClient);
let dynamo: LocalDynamo;
let s3: LocalS3;
let s3Client: S3Client;
let documents: DynamoDBDocumentClient;
let deps: DeliveryDeps;
/** The same ledger read by a run after the lease has run out (its clock 61 s ahead), to see what the next run finds. */
let afterLease: DeliveryDeps;
let companies = 0;

const request = (changes: Partial<DeliveryRequest> = {}): DeliveryRequest => ({
  key: { group: 'aquatec', month: '2026-04', target: (companies += 1) },
  person: 'gerencia@example.com',
  email: { subject: 'Reporte mensual', html: '<p>hola</p>', text: 'hola', attachments: [] },
  force: false,
  ...changes,
});
/** The ledger item of a request's person. */
const keyOf = (sent: DeliveryRequest): LedgerKey => ({ ...sent.key, recipientsHash: personHash(sent.person) });
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
  afterLease = {
    ...deps,
    ledger: createDynamoLedger(documents, { tableName: dynamo.tableName, now: () => new Date(Date.now() + 61_000) }),
  };
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
    const state = await deps.ledger.read(keyOf(flaky));
    expect(state?.attempts.map((attempt) => [attempt.status, attempt.reason])).toEqual([
      ['sent', undefined],
      ['not-sent', 'SES ExpiredToken: boom'],
    ]);
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

    const first = await deliverEmail(lost, deps);
    const retried = await deliverEmail(lost, afterLease);

    expect(first).toEqual({
      status: 'uncertain',
      reason: expect.stringMatching(/^SES TimeoutError: socket hang up: SES never answered with a refusal/),
    });
    expect(retried).toEqual({ status: 'uncertain', reason: expect.stringMatching(/never recorded SES's answer/) });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
    // The hand-over stays on the ledger, pointing at the archived bytes SES may have.
    const state = await afterLease.ledger.read(keyOf(lost));
    expect(state).toMatchObject({ status: 'uncertain', attempt: { status: 'uncertain' } });
    expect(state?.attempts).toHaveLength(1);
    expect((await deps.archive.read(state?.attempt?.archiveKey ?? '')).manifest.claim).toBe(state?.attempt?.claimId);
  });

  it("calls a send SES accepted but the ledger could not record uncertain, with SES's message id, and never sends it again", async () => {
    // prepare: the ledger's answer write fails (DynamoDB unavailable right after SES accepted the message)
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-12' });
    const unrecorded = request();
    const ledgerDown: DeliveryDeps = {
      ...deps,
      ledger: {
        ...deps.ledger,
        markSent: async () => {
          throw new Error('ProvisionedThroughputExceededException');
        },
      },
    };

    // act
    const first = await deliverEmail(unrecorded, ledgerDown);
    const retried = await deliverEmail(unrecorded, afterLease);

    // assert
    expect(first).toEqual({
      status: 'uncertain',
      messageId: 'm-12',
      reason: expect.stringMatching(/^SES accepted it \(message m-12\) but the send ledger could not record that/),
    });
    expect(retried.status).toBe('uncertain');
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });

  it('sends nothing and says "run again" when the hand-over a forced run takes over is answered under it', async () => {
    // prepare: an earlier run's unanswered hand-over; a forced run past its lease finds it uncertain, and
    // between its two writes the earlier run answers (gives the claim back): the take-over finds no lock.
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-15' });
    const raced = request({ force: true });
    const key = keyOf(raced);
    const earlier = await deps.ledger.claim(key, {
      force: false,
      handOver: { subject: 'Reporte mensual', archiveKey: 'aquatec/2026-04/x/earlier.eml', messageSha256: 'f'.repeat(64) },
    });
    if (earlier.outcome !== 'claimed') throw new Error(earlier.outcome);
    let answered = false;
    const racing = {
      send: async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        try {
          return await documents.send(command);
        } catch (error) {
          if (!answered) {
            answered = true;
            await deps.ledger.release(key, earlier.claimId, { reason: 'SES Throttling: slow down' });
          }
          throw error;
        }
      },
    } as unknown as DynamoDBDocumentClient;
    const forced: DeliveryDeps = {
      ...deps,
      ledger: createDynamoLedger(racing, { tableName: dynamo.tableName, now: () => new Date(Date.now() + 61_000) }),
    };

    // act
    const result = await deliverEmail(raced, forced);

    // assert
    expect(result).toEqual({ status: 'failed', reason: expect.stringMatching(/nothing was sent: run again$/) });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
    expect(await deps.archive.list('aquatec', '2026-04', raced.key.target)).toEqual([]);
    expect(await deps.ledger.read(key)).toMatchObject({ status: 'released', attempts: [{ claimId: earlier.claimId, status: 'not-sent' }] });
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

  it('archives the exact bytes SES receives before the send, and the ledger attempt names that object and its sha256', async () => {
    // prepare
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-5' });
    const archived = request({ provenance: { dataHash: 'data-1', templateVersion: 'tpl-1' } });
    const archive = createS3Archive(s3Client, s3.bucket);

    // act
    await deliverEmail(archived, deps);

    // assert
    const keys = await archive.list('aquatec', '2026-04', archived.key.target);
    expect(keys).toHaveLength(1);
    const stored = await archive.read(keys[0] ?? '');
    const handed = ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input.RawMessage?.Data ?? new Uint8Array();
    expect(Buffer.from(stored.raw).equals(Buffer.from(handed))).toBe(true);
    const state = await deps.ledger.read(keyOf(archived));
    const claimId = state?.attempt?.claimId ?? '';
    expect(state).toMatchObject({
      status: 'sent',
      attempt: { status: 'sent', messageId: 'm-5', subject: 'Reporte mensual', archiveKey: stored.key, messageSha256: sha256(handed) },
    });
    expect(stored.manifest).toEqual({
      group: 'aquatec',
      month: '2026-04',
      target: String(archived.key.target),
      person: personHash(archived.person),
      claim: claimId,
      'archived-at': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      sha256: sha256(handed),
      'data-hash': 'data-1',
      'template-version': 'tpl-1',
    });
    expect(stored.key).toBe(
      `aquatec/2026-04/${archived.key.target}/${stored.manifest['archived-at'].replaceAll(':', '-')}-${personHash(archived.person)}.eml`,
    );
    // The raw item: one item per person, the sent attempt under its claim id, the lock gone.
    const pk = `aquatec#2026-04#${archived.key.target}`;
    const sk = `person#${personHash(archived.person)}`;
    const { Item } = await documents.send(new GetCommand({ TableName: dynamo.tableName, Key: { pk, sk } }));
    expect(Item).toMatchObject({
      sentBy: claimId,
      [`attempt#${claimId}`]: { status: 'sent', messageId: 'm-5', archiveKey: stored.key, messageSha256: sha256(handed) },
    });
    expect(Item?.claimId).toBeUndefined();
  });

  it('makes four AWS calls per email, in order: claim, archive, (send slot,) SES, record', async () => {
    // prepare: every call each client makes, in one list
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-13' });
    const calls: string[] = [];
    const dynamoClient = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: dynamo.url,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const s3Counted = new S3Client({
      region: 'us-east-1',
      endpoint: s3.url,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    dynamoClient.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push(`${context.clientName}.${context.commandName}`);
        return next(args);
      },
      { step: 'initialize' },
    );
    s3Counted.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push(`${context.clientName}.${context.commandName}`);
        return next(args);
      },
      { step: 'initialize' },
    );
    const countedDeps: DeliveryDeps = {
      ...deps,
      ledger: createDynamoLedger(DynamoDBDocumentClient.from(dynamoClient), { tableName: dynamo.tableName }),
      archive: createS3Archive(s3Counted, s3.bucket),
      sendRaw: async (email) => {
        calls.push('SES.SendRawEmail');
        return deps.sendRaw(email);
      },
      throttle: async () => {
        calls.push('throttle');
      },
    };

    // act
    const result = await deliverEmail(request(), countedDeps);

    // assert
    expect(result).toEqual({ status: 'sent', messageId: 'm-13' });
    expect(calls).toEqual([
      'DynamoDBClient.UpdateItemCommand',
      'S3Client.PutObjectCommand',
      'throttle',
      'SES.SendRawEmail',
      'DynamoDBClient.UpdateItemCommand',
    ]);
    expect(calls.filter((call) => call !== 'throttle')).toHaveLength(4);
    dynamoClient.destroy();
    s3Counted.destroy();
  });

  it('claims before it archives: a run that finds the email taken archives nothing', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-14' });
    const once = request();
    await deliverEmail(once, deps);

    const again = await deliverEmail(once, deps);

    expect(again).toMatchObject({ status: 'skipped', messageId: 'm-14' });
    expect(await deps.archive.list('aquatec', '2026-04', once.key.target)).toHaveLength(1);
  });

  it('claims nothing, archives nothing and sends nothing when the message cannot be composed', async () => {
    // An attachment whose content is no text: MailComposer throws.
    const broken = request({
      email: {
        subject: 'Reporte mensual',
        html: '<p>hola</p>',
        text: 'hola',
        attachments: [{ filename: 'datos.csv', content: {} as never, contentType: 'text/csv' }],
      },
    });

    const result = await deliverEmail(broken, deps);

    expect(result).toEqual({ status: 'failed', reason: expect.stringMatching(/^composing the message failed: /) });
    expect(await deps.ledger.read(keyOf(broken))).toBeUndefined();
    expect(await deps.archive.list('aquatec', '2026-04', broken.key.target)).toEqual([]);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });

  it('sends nothing when the archive is unavailable, and gives the claim back with the reason', async () => {
    // prepare
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-6' });
    const unarchivable = request();
    const noBucket = { ...deps, archive: createS3Archive(s3Client, 'no-such-bucket') };

    // act
    const failed = await deliverEmail(unarchivable, noBucket);
    const afterFailure = await deps.ledger.read(keyOf(unarchivable));
    const retried = await deliverEmail(unarchivable, deps);

    // assert
    expect(failed).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^archive unavailable, not sent: /) });
    expect(afterFailure).toMatchObject({
      status: 'released',
      attempt: { status: 'not-sent', reason: (failed as { reason: string }).reason },
    });
    expect(afterFailure?.leaseUntil).toBeUndefined();
    await expect(deps.archive.read(afterFailure?.attempt?.archiveKey ?? '')).rejects.toThrow(ArchiveNotFoundError);
    expect(retried).toEqual({ status: 'sent', messageId: 'm-6' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
    expect((await deps.ledger.read(keyOf(unarchivable)))?.attempts.map((attempt) => attempt.status)).toEqual(['sent', 'not-sent']);
  });

  it('records the refusal on the attempt when SES refuses for good; its archived bytes stay', async () => {
    ses.on(SendRawEmailCommand).rejects(new MessageRejected({ message: 'Address blacklisted.', $metadata: {} }));
    const refused = request();
    const archive = createS3Archive(s3Client, s3.bucket);

    await deliverEmail(refused, deps);

    const state = await deps.ledger.read(keyOf(refused));
    expect(state).toMatchObject({
      status: 'rejected',
      attempt: { status: 'rejected', reason: 'SES MessageRejected: Address blacklisted.' },
    });
    const [key] = await archive.list('aquatec', '2026-04', refused.key.target);
    expect(state?.attempt?.archiveKey).toBe(key);
    expect((await archive.read(key ?? '')).manifest).toMatchObject({
      claim: state?.attempt?.claimId,
      sha256: state?.attempt?.messageSha256,
    });
  });
});
