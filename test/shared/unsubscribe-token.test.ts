import { describe, expect, it } from 'vitest';
import {
  openUnsubscribeToken,
  parseUnsubscribeKeys,
  sealUnsubscribeToken,
  type UnsubscribeKeys,
} from '../../functions/shared/unsubscribe-token.ts';

const KEYS: UnsubscribeKeys = [{ id: 'k1', secret: 'k'.repeat(64) }];
const claim = { group: 'demo', address: 'Gerencia@Example.com', language: 'en' as const };

describe('unsubscribe token', () => {
  it("opens what it sealed, the one person's address lower-cased, and hides it from the URL", () => {
    const token = sealUnsubscribeToken(KEYS, claim);

    expect(openUnsubscribeToken(KEYS, token)).toEqual({ group: 'demo', address: 'gerencia@example.com', language: 'en' });
    expect(token).toMatch(/^v2\.k1\.[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token.slice(6), 'base64url').toString('latin1')).not.toContain('example.com');
  });

  it('refuses a token sealed with another key (forged), even under a listed key id', () => {
    const forged = sealUnsubscribeToken([{ id: 'k1', secret: 'x'.repeat(64) }], claim);

    expect(openUnsubscribeToken(KEYS, forged)).toBeUndefined();
  });

  it('refuses a token with any byte changed (tampered), or its key id changed', () => {
    const token = sealUnsubscribeToken(KEYS, claim);
    const sealed = Buffer.from(token.slice(6), 'base64url');
    for (const index of [0, 12, sealed.length - 20, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[index] = (tampered[index] ?? 0) ^ 1;

      expect(openUnsubscribeToken(KEYS, `v2.k1.${tampered.toString('base64url')}`)).toBeUndefined();
    }
    const both: UnsubscribeKeys = [KEYS[0], { id: 'k2', secret: KEYS[0].secret }];
    expect(openUnsubscribeToken(both, token.replace('v2.k1.', 'v2.k2.'))).toBeUndefined();
  });

  it('refuses garbage, truncation and other versions without throwing', () => {
    const token = sealUnsubscribeToken(KEYS, claim);

    for (const bad of ['', 'v2.', 'v2.k1.', 'v2.k1.abc', token.slice(0, -4), `v1.${token.slice(6)}`, `${token}.x`, 'v2.k1.!!!!']) {
      expect(openUnsubscribeToken(KEYS, bad)).toBeUndefined();
    }
  });

  it('needs a key of at least 32 characters', () => {
    expect(() => sealUnsubscribeToken([{ id: 'k1', secret: 'short' }], claim)).toThrow(/too short/);
  });
});

describe('unsubscribe key rotation', () => {
  const old = 'o'.repeat(40);
  const fresh = 'n'.repeat(40);

  it('reads a plain secret as one key, k0 (what the stack generates)', () => {
    expect(parseUnsubscribeKeys(old)).toEqual([{ id: 'k0', secret: old }]);
  });

  it('seals with the first listed key and still opens tokens of an older key while it is listed', () => {
    const before = sealUnsubscribeToken(parseUnsubscribeKeys(old), claim);
    const rotated = parseUnsubscribeKeys(
      JSON.stringify({
        keys: [
          { id: 'k1', secret: fresh },
          { id: 'k0', secret: old },
        ],
      }),
    );

    const after = sealUnsubscribeToken(rotated, claim);

    expect(after).toMatch(/^v2\.k1\./);
    expect(openUnsubscribeToken(rotated, before)?.address).toBe('gerencia@example.com');
    expect(openUnsubscribeToken(rotated, after)?.address).toBe('gerencia@example.com');
    expect(openUnsubscribeToken(parseUnsubscribeKeys(JSON.stringify({ keys: [{ id: 'k1', secret: fresh }] })), before)).toBeUndefined();
  });

  it('names the expected shape for a malformed key list, without echoing a secret', () => {
    for (const text of ['{"keys":[]}', '{"keys":[{"id":"bad id","secret":"x"}]}', '{"other":1}']) {
      expect(() => parseUnsubscribeKeys(text)).toThrow(/expected \{"keys":\[\{"id":"k1","secret":"..."\}/);
    }
    expect(() => parseUnsubscribeKeys('{"keys":[{"id":"k1","secret":"tiny"}]}')).toThrow(/too short/);
  });
});
