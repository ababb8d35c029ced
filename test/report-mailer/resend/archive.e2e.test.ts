import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGroup } from '../../../dev/synthetic/groups.ts';
import { createS3Archive, sha256, type EmailArchive } from '../../../functions/delivery/email-archive.ts';
import { createDynamoLedger } from '../../../functions/ledger/dynamo-ledger.ts';
import { personHash, type Attempt, type SendLedger } from '../../../functions/ledger/send-ledger.ts';
import { startLocalHandler, type LocalHandler } from '../../support/local-handler.ts';

/**
 * The archive and the re-send from it, end to end: the real handler archives through the real S3
 * client into s3rver, sends through aws-ses-v2-local; tests run in order on one archive and ledger.
 */
let local: LocalHandler;
let archive: EmailArchive;
let documents: DynamoDBDocumentClient;
let ledger: SendLedger;
const companies = defaultGroup();
const MONTH = '2026-04';
/** The ledger item of one person's email. */
const itemKey = (target: number, address: string) => ({ pk: `demo#${MONTH}#${target}`, sk: `person#${personHash(address)}` });
/** The raw ledger item of one person's email. */
const rawItem = async (target: number, address: string) =>
  (await documents.send(new GetCommand({ TableName: local.stack.env.LEDGER_TABLE_NAME, Key: itemKey(target, address) }))).Item ?? {};
/** The attempt the ledger says went out to one person: its archive key, sha256 and message id. */
const sentAttempt = async (target: number | 'summary', address: string): Promise<Attempt> => {
  const state = await ledger.read({ group: 'demo', month: MONTH, target, recipientsHash: personHash(address) });
  if (state?.status !== 'sent' || !state.attempt) throw new Error(`expected ${address}'s email of ${target} sent, found ${state?.status}`);
  return state.attempt;
};

beforeAll(async () => {
  local = await startLocalHandler();
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  archive = createS3Archive(new S3Client({ region: 'us-east-1', endpoint: local.stack.s3.url, credentials }), local.stack.s3.bucket);
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', endpoint: local.stack.env.AWS_ENDPOINT_URL_DYNAMODB, credentials }),
  );
  ledger = createDynamoLedger(documents, { tableName: local.stack.env.LEDGER_TABLE_NAME as string });
});
afterAll(() => local.close());

/** What the SES API received, captured at the boundary (the SES fault proxy). */
const receivedBySes = (messageId: string): Buffer => local.ses.received.get(messageId) ?? Buffer.alloc(0);

describe('archive, end to end', () => {
  it('archives every sent email byte for byte as SES received it, described by its metadata, where the ledger points', async () => {
    // act
    const summary = await local.handler({ group: 'demo', month: MONTH });

    // assert
    expect(summary.counts.sent).toBe(companies.length + 1);
    for (const outcome of [...summary.companies, summary.summaryEmail]) {
      const target = outcome?.companyId ?? -1;
      const keys = await archive.list('demo', MONTH, target);
      // One archived message per person.
      expect(keys).toHaveLength(outcome?.people?.length ?? 0);
      for (const person of outcome?.people ?? []) {
        const attempt = await sentAttempt(target, person.address);
        expect(attempt).toMatchObject({ messageId: person.messageId, subject: outcome?.subject });
        expect(keys).toContain(attempt.archiveKey);
        const own = await archive.read(attempt.archiveKey ?? '');
        expect(own.raw.byteLength).toBeGreaterThan(1000);
        expect(Buffer.from(own.raw).equals(receivedBySes(person.messageId ?? ''))).toBe(true);
        expect(own.manifest).toEqual({
          group: 'demo',
          month: MONTH,
          target: String(target),
          person: personHash(person.address),
          claim: attempt.claimId,
          'archived-at': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          sha256: attempt.messageSha256,
          'data-hash': expect.stringMatching(/^[0-9a-f]{64}$/),
          'template-version': expect.stringMatching(/^[0-9a-f]{16}$/),
        });
        // Its own To: line, nobody else's.
        expect(Buffer.from(own.raw).toString('latin1')).toMatch(new RegExp(`^To: ${person.address.replaceAll('.', '\\.')}\r$`, 'm'));
      }
    }
  });

  it("points the person's ledger item at the archive object and the sha256 of its message", async () => {
    const attempt = await sentAttempt(2, 'gerencia.2@example.com');
    const stored = await archive.read(attempt.archiveKey ?? '');

    const item = await rawItem(2, 'gerencia.2@example.com');

    expect(item).toMatchObject({
      sentBy: attempt.claimId,
      [`attempt#${attempt.claimId}`]: { status: 'sent', archiveKey: stored.key, messageSha256: sha256(stored.raw) },
    });
    expect(stored.manifest.claim).toBe(attempt.claimId);
  });
});

describe('re-send from the archive', () => {
  it('re-sends the archived bytes without calling IOBot, and records it on the ledger', async () => {
    // prepare
    const requestsBefore = local.stack.simulator.requests.length;
    const sent = await sentAttempt(2, 'gerencia.2@example.com');
    const folder = sent.archiveKey;
    const original = await archive.read(folder ?? '');

    // act
    const summary = await local.handler({ group: 'demo', month: MONTH, companies: [2], fromArchive: true });

    // assert
    expect(local.stack.simulator.requests).toHaveLength(requestsBefore);
    expect(summary.companies).toEqual([
      expect.objectContaining({
        companyId: 2,
        status: 'sent',
        recipients: { to: ['gerencia.2@example.com'], cc: [], bcc: [] },
        people: [expect.objectContaining({ address: 'gerencia.2@example.com', status: 'sent', reason: `re-sent from archive ${folder}` })],
      }),
    ]);
    const messageId = summary.companies[0]?.messageId ?? '';
    const received = (await local.stack.inbox()).find((email) => email.messageId === messageId);
    expect(received?.destination.to).toContain('gerencia.2@example.com');
    expect(sha256(receivedBySes(messageId))).toBe(original.manifest.sha256);
    expect(sha256(receivedBySes(messageId))).toBe(sent.messageSha256);
    expect(received?.body.html).toBe((await local.stack.inbox()).find((email) => email.messageId === sent.messageId)?.body.html);
    // Recorded on the attempt whose bytes it re-sent; the month stays sent by that attempt.
    expect((await sentAttempt(2, 'gerencia.2@example.com')).resends).toEqual([
      { at: expect.any(String), messageId, archiveKey: folder, destinations: ['gerencia.2@example.com'] },
    ]);
    expect((await rawItem(2, 'gerencia.2@example.com')).sentBy).toBe(sent.claimId);
  });

  it("sends testers (redirectTo) a copy addressed to them, without the customer's working unsubscribe link", async () => {
    // prepare
    const original = await archive.read((await sentAttempt(2, 'gerencia.2@example.com')).archiveKey ?? '');

    // act
    const summary = await local.handler({ group: 'demo', month: MONTH, companies: [2], fromArchive: true, redirectTo: ['qa@example.com'] });

    // assert
    const messageId = summary.companies[0]?.messageId ?? '';
    expect(summary.companies[0]).toMatchObject({ status: 'sent', recipients: { to: ['qa@example.com'], cc: [], bcc: [] } });
    const copy = receivedBySes(messageId).toString('latin1');
    const head = copy.split('\r\n\r\n')[0] ?? '';
    expect(head).toMatch(/^To: qa@example\.com$/m);
    expect(head).toMatch(/^X-IOBot-Redirected-From: gerencia\.2@example\.com$/m);
    expect(head).not.toMatch(/^List-Unsubscribe/im);
    const token =
      /[?&]t=([A-Za-z0-9._~-]+)/.exec(
        Buffer.from(original.raw)
          .toString('latin1')
          .replace(/\r\n[ \t]/g, ''),
      )?.[1] ?? 'no token';
    expect(copy.replace(/=\r\n/g, '')).not.toContain(token);
  });

  it('re-sends to the original recipients when no redirect is given', async () => {
    const summary = await local.handler({ group: 'demo', month: MONTH, companies: [1], fromArchive: true });

    expect(summary.companies[0]).toMatchObject({
      status: 'sent',
      recipients: { to: ['gerencia.1@example.com'], cc: ['ventas@example.com'], bcc: [] },
    });
  });

  it("routes a re-send's SES events to the attempt it re-sent, beside the original's, without settling it as a new send", async () => {
    // prepare: the original's events fed, then its recipient statuses lost: the re-send's must not stand in for them
    await local.stack.deliveryEvents.feed();
    const before = await sentAttempt(3, 'bounce@example.com');
    expect(before.recipients['bounce@example.com']).toMatchObject({ status: 'bounced' });
    await documents.send(
      new UpdateCommand({
        TableName: local.stack.env.LEDGER_TABLE_NAME,
        Key: itemKey(3, 'bounce@example.com'),
        UpdateExpression: 'SET #attempt.recipients = :none',
        ExpressionAttributeNames: { '#attempt': `attempt#${before.claimId}` },
        ExpressionAttributeValues: { ':none': {} },
      }),
    );

    // act
    await local.handler({ group: 'demo', month: MONTH, companies: [3], fromArchive: true });
    const answers = await local.stack.deliveryEvents.feed();

    // assert: demo's company 3 Bcc's bounce@example.com, so its copy bounces like the original did.
    expect(answers).toEqual(
      expect.arrayContaining([expect.objectContaining({ outcome: 'recorded', metric: 'DeliveryHardBounce', changed: 1 })]),
    );
    expect(answers.every((answer) => (answer as { outcome: string; settled: boolean }).outcome === 'recorded')).toBe(true);
    expect(answers.some((answer) => (answer as { settled: boolean }).settled)).toBe(false);
    const after = await sentAttempt(3, 'bounce@example.com');
    expect(after).toMatchObject({
      claimId: before.claimId,
      status: 'sent',
      messageId: before.messageId,
      sentAt: before.sentAt,
      recipients: {},
      resent: { 'bounce@example.com': { status: 'bounced' } },
      resends: [expect.objectContaining({ destinations: ['bounce@example.com'] })],
    });
    expect(after.settledBy).toBeUndefined();
    expect(
      (await ledger.read({ group: 'demo', month: MONTH, target: 3, recipientsHash: personHash('bounce@example.com') }))?.attempts,
    ).toHaveLength(1);
  });

  it('says clearly that a month the ledger records nothing of cannot be re-sent', async () => {
    await expect(local.handler({ group: 'demo', month: '2025-01', fromArchive: true })).rejects.toThrow(
      /Nothing of group "demo" 2025-01 is recorded as sent in the send ledger .*run it normally/,
    );
  });

  it('re-sends only the bytes the ledger recorded: an archive object changed since is refused', async () => {
    // prepare: company 4's archived message overwritten in S3, its metadata rewritten to match the forged bytes
    const folder = (await sentAttempt(4, 'gerencia.4@example.com')).archiveKey ?? '';
    const original = await archive.read(folder);
    const forged = Buffer.from('Subject: not the report\r\n\r\nforged');
    await archive.store(folder, forged, { ...original.manifest, sha256: sha256(forged) });
    const before = local.ses.forwarded;

    // act
    const error = await local.handler({ group: 'demo', month: MONTH, companies: [4], fromArchive: true }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    const summary = (error as InstanceType<LocalHandler['ReportRunError']>).summary;

    // assert
    expect(summary.companies[0]).toMatchObject({ status: 'failed', reason: expect.stringContaining('sha256 differs') });
    expect(local.ses.forwarded).toBe(before);
  });

  it("is idempotent per request: Lambda's retry of the same re-send event sends nothing again, a new request does", async () => {
    const context = (awsRequestId: string) =>
      ({ awsRequestId, getRemainingTimeInMillis: () => 300_000, functionName: 'report-mailer' }) as unknown as Context;
    const event = { group: 'demo', month: MONTH, companies: [2], fromArchive: true };
    const before = local.ses.forwarded;

    const first = await local.handler(event, context('req-1'));
    const retry = await local.handler(event, context('req-1'));
    const another = await local.handler(event, context('req-2'));

    expect(first.companies[0]?.status).toBe('sent');
    expect(retry.companies[0]).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/already re-sent by this request \(req-1\)/),
    });
    expect(another.companies[0]?.status).toBe('sent');
    expect(local.ses.forwarded).toBe(before + 2);
  });

  it("re-sends on Lambda's retry of the same request what SES refused the first time (an answer: it did not take it)", async () => {
    // prepare: SES refuses every re-send of this request (400): nothing went out, so the run fails
    // and Lambda retries the same event with the same request id.
    const context = { awsRequestId: 'req-refused', getRemainingTimeInMillis: () => 300_000, functionName: 'report-mailer' };
    const event = { group: 'demo', month: MONTH, companies: [1], fromArchive: true };
    local.ses.fault = { kind: 'fail-after', after: local.ses.forwarded };
    const first = await local.handler(event, context as unknown as Context).then(
      () => undefined,
      (error: unknown) => (error as { summary?: { companies: { status: string }[] } }).summary,
    );
    local.ses.fault = { kind: 'pass' };
    const before = local.ses.forwarded;

    // act
    const retry = await local.handler(event, context as unknown as Context);

    // assert: the retry re-sends both people's copies, instead of skipping them as "already re-sent
    // by this request" when neither ever reached SES.
    expect(first?.companies[0]?.status).toBe('failed');
    expect(retry.companies[0]).toMatchObject({ status: 'sent' });
    expect(local.ses.forwarded).toBe(before + 2);
  });

  it('needs the month', async () => {
    await expect(local.handler({ group: 'demo', fromArchive: true })).rejects.toThrow(/month: required with "fromArchive": true/);
  });
});
