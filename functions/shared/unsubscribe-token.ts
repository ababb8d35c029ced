/**
 * The token in every email's unsubscribe link: which report group and which recipients the email went
 * to, sealed with AES-256-GCM under a key only the stack's secret holds. GCM's tag makes a forged or
 * altered token fail to open (it authenticates like an HMAC), and the encryption keeps the addresses
 * out of the URL: one MIME message goes to all of a company's recipients, so a plain signed token would
 * show every To recipient the Bcc addresses.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface UnsubscribeClaim {
  /** Report group name: an unsubscribe stops that group's reports only. */
  group: string;
  /** Lower-cased envelope recipients of the email the link came in. */
  addresses: string[];
  /** Language of the confirmation page. */
  language: 'es' | 'en';
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** 32-byte AES key from the secret's text (any length): the secret is stored as generated text. */
const keyOf = (secret: string): Buffer => {
  if (secret.length < 32) throw new Error('unsubscribe key secret is too short (at least 32 characters)');
  return createHash('sha256').update(secret, 'utf8').digest();
};

export const sealUnsubscribeToken = (secret: string, claim: UnsubscribeClaim): string => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  cipher.setAAD(Buffer.from(VERSION));
  const payload = JSON.stringify({ g: claim.group, a: claim.addresses.map((address) => address.trim().toLowerCase()), l: claim.language });
  const sealed = Buffer.concat([iv, cipher.update(payload, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${sealed.toString('base64url')}`;
};

/** The claim, or undefined for anything not sealed by this key (forged, altered, truncated, garbage). */
export const openUnsubscribeToken = (secret: string, token: string): UnsubscribeClaim | undefined => {
  const [version, body, extra] = token.split('.');
  if (version !== VERSION || !body || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(body)) return undefined;
  const sealed = Buffer.from(body, 'base64url');
  if (sealed.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(VERSION));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    const parsed = JSON.parse(plain) as { g?: unknown; a?: unknown; l?: unknown };
    if (typeof parsed.g !== 'string' || !Array.isArray(parsed.a) || !parsed.a.every((a) => typeof a === 'string')) return undefined;
    return { group: parsed.g, addresses: parsed.a as string[], language: parsed.l === 'en' ? 'en' : 'es' };
  } catch {
    return undefined;
  }
};
