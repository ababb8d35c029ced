import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHandler, type LocalHandler } from '../support/local-handler.ts';

/**
 * Unsubscribe end to end: the real mailer writes the RFC 8058 headers and the footer link, the real
 * unsubscribe handler answers behind a local Function URL, and the next month's run drops the address.
 * Tests run in order and share one ledger and suppression list.
 */
let local: LocalHandler;
let listUnsubscribe = '';
let url = '';

beforeAll(async () => {
  local = await startLocalHandler();
});
afterAll(() => local.close());

/** An unfolded header of a raw message as SES received it. */
const headerOf = (raw: Buffer, name: string): string | undefined => {
  const head =
    raw
      .toString('utf8')
      .split('\r\n\r\n')[0]
      ?.replace(/\r\n[ \t]+/g, ' ') ?? '';
  return new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1];
};

describe('unsubscribe, end to end', () => {
  it('gives every email List-Unsubscribe (mailto + https), one-click Post and the same link in the footer', async () => {
    // act
    const summary = await local.handler({ group: 'demo', month: '2026-03', companies: [2] });

    // assert
    const messageId = summary.companies[0]?.messageId ?? '';
    const raw = local.ses.received.get(messageId) ?? Buffer.alloc(0);
    listUnsubscribe = headerOf(raw, 'List-Unsubscribe') ?? '';
    url = /<(http[^>]+)>/.exec(listUnsubscribe)?.[1] ?? '';
    expect(listUnsubscribe).toMatch(
      /^<mailto:operaciones@example\.com\?subject=unsubscribe%20demo>, <http:\/\/127\.0\.0\.1:\d+\/\?t=v1\.[\w-]+>$/,
    );
    expect(headerOf(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const email = (await local.stack.inbox()).find((candidate) => candidate.messageId === messageId);
    expect(email?.body.html).toContain(`href="${url}"`);
    expect(email?.body.text).toContain(url);
    expect(email?.body.html).not.toContain('unsubscribe.invalid');
  });

  it('a GET on the link only asks (a mail scanner following it unsubscribes nobody)', async () => {
    const page = await fetch(url);

    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    const next = await local.handler({ group: 'demo', month: '2026-04', companies: [2] });
    expect(next.companies[0]?.status).toBe('sent');
  });

  it('after the one-click POST, the recipient gets nothing: the company is skipped with that reason', async () => {
    // prepare
    const clicked = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    const before = (await local.stack.inbox()).length;

    // act
    const summary = await local.handler({ group: 'demo', month: '2026-05', companies: [2] });

    // assert
    expect(clicked.status).toBe(200);
    expect(summary.companies[0]).toMatchObject({ status: 'skipped', reason: 'every recipient unsubscribed: gerencia.2@example.com' });
    expect(await local.stack.inbox()).toHaveLength(before);
  });

  it('a re-send from the archive does not reach an unsubscribed recipient either', async () => {
    const summary = await local.handler({ group: 'demo', month: '2026-03', companies: [2], fromArchive: true });

    expect(summary.companies[0]).toMatchObject({ status: 'skipped', reason: 'every recipient unsubscribed' });
  });

  it('refuses a tampered link', async () => {
    // A character in the middle: every one of its bits is significant (the last one may carry padding).
    const middle = Math.floor((url.indexOf('v1.') + url.length) / 2);
    const tampered = `${url.slice(0, middle)}${url[middle] === 'A' ? 'B' : 'A'}${url.slice(middle + 1)}`;

    const response = await fetch(tampered, { method: 'POST', body: 'List-Unsubscribe=One-Click' });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('records the company as accounted for, so the watchdog does not call the month missing', async () => {
    const check = await local.verify({ group: 'demo', month: '2026-05' });

    expect(check.emails.find((email) => email.companyId === 2)).toMatchObject({
      status: 'unsubscribed',
      reason: expect.stringMatching(
        /^every recipient had unsubscribed on \d{4}-\d\d-\d\dT\S+ \(gerencia\.2@example\.com\): nothing to send$/,
      ),
    });
    expect(check.gaps).toBe(check.emails.filter((email) => email.companyId !== 2).length);
  });

  it('sends the month once a recipient may receive it again', async () => {
    const client = new DynamoDBClient({
      endpoint: local.stack.env.AWS_ENDPOINT_URL_DYNAMODB,
      region: 'us-east-1',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    });
    await DynamoDBDocumentClient.from(client).send(
      new DeleteCommand({ TableName: local.stack.env.SUPPRESSION_TABLE_NAME, Key: { group: 'demo', address: 'gerencia.2@example.com' } }),
    );
    client.destroy();

    const summary = await local.handler({ group: 'demo', month: '2026-05', companies: [2] });
    const again = await local.handler({ group: 'demo', month: '2026-05', companies: [2] });

    expect(summary.companies[0]).toMatchObject({ status: 'sent' });
    expect(again.companies[0]).toMatchObject({ status: 'skipped', messageId: summary.companies[0]?.messageId });
  });
});
