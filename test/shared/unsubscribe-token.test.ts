import { describe, expect, it } from 'vitest';
import { openUnsubscribeToken, sealUnsubscribeToken } from '../../functions/shared/unsubscribe-token.ts';

const KEY = 'k'.repeat(64);
const claim = { group: 'demo', addresses: ['Gerencia@Example.com', 'ventas@example.com'], language: 'en' as const };

describe('unsubscribe token', () => {
  it('opens what it sealed, addresses lower-cased, and hides them from the URL', () => {
    const token = sealUnsubscribeToken(KEY, claim);

    expect(openUnsubscribeToken(KEY, token)).toEqual({
      group: 'demo',
      addresses: ['gerencia@example.com', 'ventas@example.com'],
      language: 'en',
    });
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token.slice(3), 'base64url').toString('latin1')).not.toContain('example.com');
  });

  it('refuses a token sealed with another key (forged)', () => {
    const forged = sealUnsubscribeToken('x'.repeat(64), claim);

    expect(openUnsubscribeToken(KEY, forged)).toBeUndefined();
  });

  it('refuses a token with any byte changed (tampered)', () => {
    const sealed = Buffer.from(sealUnsubscribeToken(KEY, claim).slice(3), 'base64url');
    for (const index of [0, 12, sealed.length - 20, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[index] = (tampered[index] ?? 0) ^ 1;

      expect(openUnsubscribeToken(KEY, `v1.${tampered.toString('base64url')}`)).toBeUndefined();
    }
  });

  it('refuses garbage, truncation and other versions without throwing', () => {
    const token = sealUnsubscribeToken(KEY, claim);

    for (const bad of ['', 'v1.', 'v1.abc', token.slice(0, -4), `v2.${token.slice(3)}`, `${token}.x`, 'v1.!!!!']) {
      expect(openUnsubscribeToken(KEY, bad)).toBeUndefined();
    }
  });

  it('needs a key of at least 32 characters', () => {
    expect(() => sealUnsubscribeToken('short', claim)).toThrow(/too short/);
  });
});
