import { describe, expect, it } from 'vitest';
import { handleUnsubscribe } from '../../functions/unsubscribe/handle-unsubscribe.ts';
import type { Unsubscribe } from '../../functions/shared/suppression-list.ts';
import { sealUnsubscribeToken, type UnsubscribeKeys } from '../../functions/shared/unsubscribe-token.ts';

const KEYS: UnsubscribeKeys = [{ id: 'k1', secret: 'k'.repeat(64) }];
const NOW = new Date('2026-05-02T10:00:00.000Z');
const setup = () => {
  const added: Unsubscribe[] = [];
  return { added, deps: { keys: KEYS, now: () => NOW, suppressions: { add: async (entry: Unsubscribe) => void added.push(entry) } } };
};
const token = sealUnsubscribeToken(KEYS, { group: 'demo', address: 'gerencia@example.com', language: 'es' });
const unsubscribed = (address = 'gerencia@example.com', via: Unsubscribe['via'] = 'one-click') => [
  { group: 'demo', address, at: NOW.toISOString(), via },
];
/** What a mail client sends for RFC 8058 as multipart/form-data. */
const multipart = (fields: Record<string, string>) => {
  const boundary = '----iobot-test-boundary';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`) };
};

describe('handleUnsubscribe', () => {
  it("GET shows the person's confirmation page and unsubscribes nobody", async () => {
    const { added, deps } = setup();

    const response = await handleUnsubscribe({ method: 'GET', token, body: '' }, deps);

    expect(response.statusCode).toBe(200);
    expect(response.html).toContain('<form method="post">');
    expect(response.html).toContain('gerencia@example.com');
    expect(added).toEqual([]);
  });

  it('one-click POST as application/x-www-form-urlencoded unsubscribes the person of the email', async () => {
    const { added, deps } = setup();

    const response = await handleUnsubscribe(
      { method: 'POST', token, contentType: 'application/x-www-form-urlencoded', body: 'List-Unsubscribe=One-Click' },
      deps,
    );

    expect(response.statusCode).toBe(200);
    expect(added).toEqual(unsubscribed());
  });

  it('one-click POST as multipart/form-data (what RFC 8058 says clients SHOULD send) unsubscribes the person too', async () => {
    const { added, deps } = setup();

    const response = await handleUnsubscribe({ method: 'POST', token, ...multipart({ 'List-Unsubscribe': 'One-Click' }) }, deps);

    expect(response.statusCode).toBe(200);
    expect(added).toEqual(unsubscribed());
  });

  it("the confirmation page's button posts the same field, so it does the same", async () => {
    const { added, deps } = setup();
    const page = (await handleUnsubscribe({ method: 'GET', token, body: '' }, deps)).html;
    const fields = Object.fromEntries(
      [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]+)">/g)].map((match) => [match[1], match[2]]),
    );

    const response = await handleUnsubscribe(
      { method: 'POST', token, contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() },
      deps,
    );

    expect(fields['List-Unsubscribe']).toBe('One-Click');
    expect(response.statusCode).toBe(200);
    expect(added).toEqual(unsubscribed('gerencia@example.com', 'form'));
  });

  it('a POST without the one-click field (empty, another field, another content type) changes nothing and shows the page', async () => {
    const { added, deps } = setup();

    const answers = [
      await handleUnsubscribe({ method: 'POST', token, body: '' }, deps),
      await handleUnsubscribe({ method: 'POST', token, contentType: 'application/x-www-form-urlencoded', body: 'address=x%40y.com' }, deps),
      await handleUnsubscribe({ method: 'POST', token, ...multipart({ other: 'One-Click' }) }, deps),
      await handleUnsubscribe({ method: 'POST', token, contentType: 'text/plain', body: 'List-Unsubscribe=One-Click' }, deps),
    ];

    expect(answers.map((answer) => answer.statusCode)).toEqual([400, 400, 400, 400]);
    expect(answers[0]?.html).toContain('<form method="post">');
    expect(added).toEqual([]);
  });

  it('refuses a missing, forged or tampered token, for GET and POST alike', async () => {
    const { added, deps } = setup();
    const forged = sealUnsubscribeToken([{ id: 'k1', secret: 'f'.repeat(64) }], {
      group: 'demo',
      address: 'victim@example.com',
      language: 'es',
    });
    const tampered = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}${token.slice(-1)}`;

    for (const candidate of [undefined, forged, tampered, 'v2.k1.garbage']) {
      for (const method of ['GET', 'POST']) {
        expect((await handleUnsubscribe({ method, token: candidate, body: 'List-Unsubscribe=One-Click' }, deps)).statusCode).toBe(400);
      }
    }
    expect(added).toEqual([]);
  });

  it('answers 405 to other methods', async () => {
    const { deps } = setup();

    expect((await handleUnsubscribe({ method: 'DELETE', token, body: '' }, deps)).statusCode).toBe(405);
  });
});
