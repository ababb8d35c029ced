/** The IOBot credentials from Secrets Manager: parsed, checked, and kept out of every message. */
import { InvalidInputError } from '../shared/invalid-input-error.ts';

/** How IOBot wants to be authenticated: `x-api-key` header, or a session token in the body. */
export type IobotCredentials = { apiKey: string; token?: undefined } | { token: string; apiKey?: undefined };

/** Reads a secret's string value; Powertools' SecretsProvider in production (cached across warm starts). */
export type SecretReader = (secretId: string) => Promise<string | undefined>;

const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * Parses the secret JSON `{"apiKey": "..."}` or `{"token": "..."}`. Every error names the secret and
 * the keys it found, never a value: `JSON.parse`'s own message quotes the input, so it is not reused.
 */
export const parseCredentials = (raw: string | undefined, secretId: string): IobotCredentials => {
  if (raw === undefined || raw.trim() === '') {
    throw new InvalidInputError(`secret ${secretId} is empty: store {"apiKey": "..."} or {"token": "..."}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InvalidInputError(`secret ${secretId} is not JSON: store {"apiKey": "..."} or {"token": "..."}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidInputError(`secret ${secretId} must be a JSON object with "apiKey" or "token"`);
  }
  const record = parsed as Record<string, unknown>;
  if (nonEmptyString(record.apiKey)) return { apiKey: record.apiKey.trim() };
  if (nonEmptyString(record.token)) return { token: record.token.trim() };
  const keys = Object.keys(record);
  throw new InvalidInputError(
    `secret ${secretId} has no non-empty string "apiKey" or "token" (keys found: ${keys.length ? keys.join(', ') : 'none'})`,
  );
};

export const loadCredentials = async (readSecret: SecretReader, secretId: string): Promise<IobotCredentials> =>
  parseCredentials(await readSecret(secretId), secretId);

const escapeForPattern = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every occurrence of the credential in `text`, in any letter case (a server may echo it
 * upper-cased): for messages built from remote answers. Redact before any truncation, or a key
 * straddling the cut leaves its prefix behind.
 */
export const redactCredentials = (text: string, credentials: IobotCredentials): string => {
  const secret = credentials.apiKey ?? credentials.token;
  return secret ? text.replace(new RegExp(escapeForPattern(secret), 'gi'), '[redacted]') : text;
};
