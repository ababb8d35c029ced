import { describe, expect, it } from 'vitest';
import { handleUnsubscribe } from '../../functions/unsubscribe/handle-unsubscribe.ts';
import type { Unsubscribe } from '../../functions/shared/suppression-list.ts';
import { sealUnsubscribeToken } from '../../functions/shared/unsubscribe-token.ts';

const KEY = 'k'.repeat(64);
const NOW = new Date('2026-05-02T10:00:00.000Z');
const setup = () => {
  const added: Unsubscribe[] = [];
  return { added, deps: { key: KEY, now: () => NOW, suppressions: { add: async (entry: Unsubscribe) => void added.push(entry) } } };
};
const one = sealUnsubscribeToken(KEY, { group: 'demo', addresses: ['gerencia@example.com'], language: 'es' });
const many = sealUnsubscribeToken(KEY, { group: 'demo', addresses: ['gerencia@example.com', 'ventas@example.com'], language: 'en' });

describe('handleUnsubscribe', () => {
  it('GET shows a confirmation form and unsubscribes nobody', async () => {
    const { added, deps } = setup();

    const response = await handleUnsubscribe({ method: 'GET', token: one, body: '' }, deps);

    expect(response.statusCode).toBe(200);
    expect(response.html).toContain('<form method="post">');
    expect(response.html).toContain('gerencia@example.com');
    expect(added).toEqual([]);
  });

  it('GET of a shared email asks for the address and shows none of the recipients', async () => {
    const { deps } = setup();

    const response = await handleUnsubscribe({ method: 'GET', token: many, body: '' }, deps);

    expect(response.html).toContain('name="address"');
    expect(response.html).not.toContain('example.com');
  });

  it('one-click POST unsubscribes the recipient', async () => {
    const { added, deps } = setup();

    const response = await handleUnsubscribe({ method: 'POST', token: one, body: 'List-Unsubscribe=One-Click' }, deps);

    expect(response.statusCode).toBe(200);
    expect(added).toEqual([{ group: 'demo', address: 'gerencia@example.com', at: NOW.toISOString(), via: 'one-click' }]);
  });

  it('the form unsubscribes only a typed address the email went to, with the same answer for any other', async () => {
    const { added, deps } = setup();

    const known = await handleUnsubscribe({ method: 'POST', token: many, body: 'address=Ventas%40Example.com' }, deps);
    const unknown = await handleUnsubscribe({ method: 'POST', token: many, body: 'address=someone%40example.com' }, deps);

    expect(added.map((entry) => entry.address)).toEqual(['ventas@example.com']);
    expect(known.statusCode).toBe(unknown.statusCode);
    expect(known.html.replace('ventas@example.com', 'X')).toBe(unknown.html.replace('someone@example.com', 'X'));
  });

  it('refuses a missing, forged or tampered token, for GET and POST alike', async () => {
    const { added, deps } = setup();
    const forged = sealUnsubscribeToken('f'.repeat(64), { group: 'demo', addresses: ['victim@example.com'], language: 'es' });
    const tampered = `${one.slice(0, -2)}${one.endsWith('A') ? 'B' : 'A'}${one.slice(-1)}`;

    for (const token of [undefined, forged, tampered, 'v1.garbage']) {
      for (const method of ['GET', 'POST']) {
        expect((await handleUnsubscribe({ method, token, body: 'List-Unsubscribe=One-Click' }, deps)).statusCode).toBe(400);
      }
    }
    expect(added).toEqual([]);
  });

  it('answers 405 to other methods', async () => {
    const { deps } = setup();

    expect((await handleUnsubscribe({ method: 'DELETE', token: one, body: '' }, deps)).statusCode).toBe(405);
  });
});
