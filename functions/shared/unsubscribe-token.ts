/**
 * The token in every email's unsubscribe link: which report group and which one person the email went
 * to, sealed with AES-256-GCM under a key only the stack's secret holds. GCM's tag makes a forged or
 * altered token fail to open (it authenticates like an HMAC), and the encryption keeps the address out
 * of the URL (a forwarded link does not tell its reader whose it is).
 *
 * Key rotation: each token names the id of the key that sealed it (`v2.<key id>.<sealed>`). The secret
 * is either plain text (one key, id "k0": what the stack generates) or JSON
 * `{"keys":[{"id":"k2","secret":"…"},{"id":"k1","secret":"…"}]}`: new tokens are sealed with the first
 * key, and a token opens while its key id is still listed.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface UnsubscribeClaim {
  /** Report group name: an unsubscribe stops that group's reports only. */
  group: string;
  /** The one (lower-cased) address the email went to. */
  address: string;
  /** Language of the confirmation page. */
  language: 'es' | 'en';
}

export interface UnsubscribeKey {
  /** Short id written into every token: letters, digits, "-" and "_". */
  id: string;
  secret: string;
}

/** The first key seals; every listed key opens. */
export type UnsubscribeKeys = readonly [UnsubscribeKey, ...UnsubscribeKey[]];

const VERSION = 'v2';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;

/** 32-byte AES key from the secret's text (any length): the secret is stored as generated text. */
const aesKey = (secret: string): Buffer => {
  if (secret.length < 32) throw new Error('unsubscribe key secret is too short (at least 32 characters)');
  return createHash('sha256').update(secret, 'utf8').digest();
};

/** The keys from the secret's text: plain text is one key ("k0"); JSON lists them, newest first. */
export const parseUnsubscribeKeys = (text: string): UnsubscribeKeys => {
  if (!text.trimStart().startsWith('{')) return [{ id: 'k0', secret: text }];
  const parsed = JSON.parse(text) as { keys?: unknown };
  const keys = Array.isArray(parsed.keys) ? parsed.keys : [];
  const valid = keys.filter(
    (key): key is UnsubscribeKey =>
      typeof key === 'object' && key !== null && typeof key.id === 'string' && KEY_ID.test(key.id) && typeof key.secret === 'string',
  );
  const [first, ...rest] = valid;
  if (!first || valid.length !== keys.length) {
    throw new Error('unsubscribe key secret: expected {"keys":[{"id":"k1","secret":"..."}, ...]} with ids of letters, digits, - or _');
  }
  for (const key of valid) aesKey(key.secret);
  return [first, ...rest];
};

const aad = (keyId: string) => Buffer.from(`${VERSION}.${keyId}`);

export const sealUnsubscribeToken = (keys: UnsubscribeKeys, claim: UnsubscribeClaim): string => {
  const [key] = keys;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', aesKey(key.secret), iv);
  cipher.setAAD(aad(key.id));
  const payload = JSON.stringify({ g: claim.group, a: claim.address.trim().toLowerCase(), l: claim.language });
  const sealed = Buffer.concat([iv, cipher.update(payload, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${key.id}.${sealed.toString('base64url')}`;
};

/** The claim, or undefined for anything not sealed by a listed key (forged, altered, truncated, retired key). */
export const openUnsubscribeToken = (keys: UnsubscribeKeys, token: string): UnsubscribeClaim | undefined => {
  const [version, keyId, body, extra] = token.split('.');
  if (version !== VERSION || !keyId || !body || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(body)) return undefined;
  const key = keys.find((candidate) => candidate.id === keyId);
  if (!key) return undefined;
  const sealed = Buffer.from(body, 'base64url');
  if (sealed.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', aesKey(key.secret), sealed.subarray(0, IV_BYTES));
    decipher.setAAD(aad(key.id));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    const parsed = JSON.parse(plain) as { g?: unknown; a?: unknown; l?: unknown };
    if (typeof parsed.g !== 'string' || typeof parsed.a !== 'string' || parsed.a.length === 0) return undefined;
    return { group: parsed.g, address: parsed.a, language: parsed.l === 'en' ? 'en' : 'es' };
  } catch {
    return undefined;
  }
};
