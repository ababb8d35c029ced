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
      /^<mailto:operaciones@example\.com\?subject=unsubscribe%20demo>, <http:\/\/127\.0\.0\.1:\d+\/\?t=v2\.k0\.[\w-]+>$/,
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
    expect(summary.companies[0]).toMatchObject({
      status: 'skipped',
      allUnsubscribed: true,
      reason: 'to gerencia.2@example.com: unsubscribed from demo',
    });
    expect(await local.stack.inbox()).toHaveLength(before);
  });

  it('a re-send from the archive does not reach an unsubscribed recipient either', async () => {
    const summary = await local.handler({ group: 'demo', month: '2026-03', companies: [2], fromArchive: true });

    expect(summary.companies[0]).toMatchObject({ status: 'skipped', reason: 'to gerencia.2@example.com: unsubscribed' });
  });

  it('refuses a tampered link', async () => {
    // A character in the middle: every one of its bits is significant (the last one may carry padding).
    const middle = Math.floor((url.indexOf('v2.') + url.length) / 2);
    const tampered = `${url.slice(0, middle)}${url[middle] === 'A' ? 'B' : 'A'}${url.slice(middle + 1)}`;

    const response = await fetch(tampered, { method: 'POST', body: 'List-Unsubscribe=One-Click' });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('records the company as accounted for, so the watchdog does not call the month missing', async () => {
    const check = await local.verify({ group: 'demo', month: '2026-05' });

    expect(check.emails.find((email) => email.companyId === 2)).toMatchObject({
      status: 'unsubscribed',
      reason: expect.stringMatching(/^gerencia\.2@example\.com: unsubscribed \(found on \d{4}-\d\d-\d\dT\S+\): nothing to send$/),
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

  it("unsubscribes only the person of the email: a Cc'd colleague's one-click (multipart) leaves the To recipient subscribed", async () => {
    // prepare: company 1 goes to gerencia.1 (To) and ventas (Cc), each their own message and link
    const first = await local.handler({ group: 'demo', month: '2026-06', companies: [1] });
    const ventas = first.companies[0]?.people?.find((person) => person.address === 'ventas@example.com');
    const raw = local.ses.received.get(ventas?.messageId ?? '') ?? Buffer.alloc(0);
    const link = /<(http[^>]+)>/.exec(headerOf(raw, 'List-Unsubscribe') ?? '')?.[1] ?? '';
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');

    // act: the client's one-click as multipart/form-data (fetch sets the boundary)
    const clicked = await fetch(link, { method: 'POST', body: form });
    const next = await local.handler({ group: 'demo', month: '2026-07', companies: [1] });

    // assert
    expect(headerOf(raw, 'To')).toBe('ventas@example.com');
    expect(clicked.status).toBe(200);
    expect(next.companies[0]?.status).toBe('sent');
    expect(next.companies[0]?.people).toEqual([
      expect.objectContaining({ address: 'gerencia.1@example.com', field: 'to', status: 'sent' }),
      expect.objectContaining({ address: 'ventas@example.com', field: 'cc', status: 'skipped', unsubscribed: true }),
    ]);
  });
});
