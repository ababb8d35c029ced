import { describe, expect, it } from 'vitest';
import { loadCredentials, parseCredentials, redactCredentials } from '../../functions/iobot/credentials.ts';

const SECRET_ID = 'iobot/credentials';

describe('parseCredentials', () => {
  it('reads an api key', () => {
    expect(parseCredentials('{"apiKey": " abc "}', SECRET_ID)).toEqual({ apiKey: 'abc' });
  });

  it('reads a session token', () => {
    expect(parseCredentials('{"token": "t-1"}', SECRET_ID)).toEqual({ token: 't-1' });
  });

  it('rejects a secret that is not JSON without quoting it', () => {
    const raw = 'plain-secret-value-123';

    const error = (() => {
      try {
        parseCredentials(raw, SECRET_ID);
      } catch (caught) {
        return caught as Error;
      }
    })();

    expect(error?.message).toBe(`secret ${SECRET_ID} is not JSON: store {"apiKey": "..."} or {"token": "..."}`);
    expect(error?.message).not.toContain(raw);
  });

  it('names the keys it found, never their values, when apiKey and token are missing', () => {
    expect(() => parseCredentials('{"api_key": "zzz-secret"}', SECRET_ID)).toThrow(
      `secret ${SECRET_ID} has no non-empty string "apiKey" or "token" (keys found: api_key)`,
    );
  });

  it.each([['""'], ['[]'], ['"just a string"'], ['{"apiKey": ""}']])('rejects %s', (raw) => {
    expect(() => parseCredentials(raw, SECRET_ID)).toThrow(SECRET_ID);
  });

  it('rejects an empty secret', () => {
    expect(() => parseCredentials(undefined, SECRET_ID)).toThrow(/is empty/);
  });
});

describe('loadCredentials', () => {
  it('reads the secret through the given reader', async () => {
    const asked: string[] = [];

    const credentials = await loadCredentials(async (id) => {
      asked.push(id);
      return '{"apiKey":"k"}';
    }, SECRET_ID);

    expect(asked).toEqual([SECRET_ID]);
    expect(credentials).toEqual({ apiKey: 'k' });
  });
});

describe('redactCredentials', () => {
  it('replaces every occurrence of the secret', () => {
    expect(redactCredentials('a k-1 b k-1', { apiKey: 'k-1' })).toBe('a [redacted] b [redacted]');
  });
});

describe('redactCredentials, case', () => {
  it('redacts an echo whose letters changed case', () => {
    // prepare
    const credentials = { apiKey: 'Key-AbC-123' };

    // act
    const redacted = redactCredentials('got KEY-ABC-123 and key-abc-123', credentials);

    // assert
    expect(redacted).toBe('got [redacted] and [redacted]');
  });

  it('treats the secret as text, not a pattern', () => {
    expect(redactCredentials('a.b+c* and aXb+c*', { token: 'a.b+c*' })).toBe('[redacted] and aXb+c*');
  });
});
