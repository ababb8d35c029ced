import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../functions/config/load-runtime-config.ts';
import { parseEnvironment } from '../../functions/report-mailer/environment.ts';

const base = {
  REPORT_CONFIG: JSON.stringify({
    sender: { address: 'reportes@example.com', name: 'Reportes' },
    apiBaseUrl: 'https://api.example.com',
    groups: [{ name: 'aquatec', businessId: 1, timeZone: 'America/Tegucigalpa', companies: [{ id: 1, to: ['a@example.com'] }] }],
  }),
  IOBOT_SECRET_ID: 'iobot/credentials',
  LEDGER_TABLE_NAME: 'ledger',
  ARCHIVE_BUCKET_NAME: 'archive',
  SUPPRESSION_TABLE_NAME: 'suppression',
  UNSUBSCRIBE_KEY_SECRET_ID: 'unsubscribe-key',
  UNSUBSCRIBE_URL: 'https://abc.lambda-url.us-east-1.on.aws/',
  UNSUBSCRIBE_MAILTO: 'ops@example.com',
};
const configJson = base.REPORT_CONFIG;
const { REPORT_CONFIG: _inline, ...withoutInline } = base;

describe('parseEnvironment', () => {
  it('bounds the IOBot answers and every AWS call by default', () => {
    const env = parseEnvironment(base);

    expect(env).toMatchObject({
      IOBOT_MAX_RESPONSE_BYTES: 16 * 1024 * 1024,
      IOBOT_MAX_CONCURRENT_REQUESTS: 2,
      IOBOT_MIN_RETRY_DELAY_MS: 500,
      SDK_CONNECTION_TIMEOUT_MS: 3_000,
      SDK_REQUEST_TIMEOUT_MS: 10_000,
    });
  });

  it('reads the limits from the environment', () => {
    const env = parseEnvironment({
      ...base,
      IOBOT_MAX_RESPONSE_BYTES: '1048576',
      SDK_REQUEST_TIMEOUT_MS: '2500',
      IOBOT_MIN_RETRY_DELAY_MS: '10',
    });

    expect(env.IOBOT_MAX_RESPONSE_BYTES).toBe(1_048_576);
    expect(env.IOBOT_MIN_RETRY_DELAY_MS).toBe(10);
    expect(env.SDK_REQUEST_TIMEOUT_MS).toBe(2_500);
  });

  it.each(['IOBOT_MAX_RESPONSE_BYTES', 'IOBOT_MAX_CONCURRENT_REQUESTS', 'SDK_CONNECTION_TIMEOUT_MS', 'SDK_REQUEST_TIMEOUT_MS'])(
    'rejects a zero %s, naming it',
    (name) => {
      expect(() => parseEnvironment({ ...base, [name]: '0' })).toThrow(name);
    },
  );

  it('names each missing archive and unsubscribe setting', () => {
    const { ARCHIVE_BUCKET_NAME: _bucket, UNSUBSCRIBE_URL: _url, ...missing } = base;

    expect(() => parseEnvironment(missing)).toThrow(
      /ARCHIVE_BUCKET_NAME: missing: the S3 bucket[\s\S]*UNSUBSCRIBE_URL: missing or not a URL/,
    );
  });

  it('loads the report config from the bundled file the stack names, with the defaults of the other variables', () => {
    // prepare: the asset's layout, report-config.json next to the code
    const assetDir = mkdtempSync(join(tmpdir(), 'asset-'));
    writeFileSync(join(assetDir, 'report-config.json'), configJson);
    const env = {
      ...withoutInline,
      REPORT_CONFIG_FILE: 'report-config.json',
      REPORT_CONFIG_SHA256: sha256Hex(configJson),
      REPORT_CONFIG_SUMMARY: '1 group, 1 company, 1 address',
    };

    // act
    const environment = parseEnvironment(env, assetDir);

    // assert
    expect(environment.REPORT_CONFIG.groups[0]?.companies).toEqual([{ id: 1, to: ['a@example.com'], cc: [], bcc: [] }]);
    // Outlasts the function's 5-minute timeout: a holder still at work never reads as uncertain.
    expect(environment.LEDGER_LEASE_SECONDS).toBe(360);
  });

  it('names a malformed hash before reading anything', () => {
    // act
    const act = () => parseEnvironment({ ...withoutInline, REPORT_CONFIG_FILE: 'x.json', REPORT_CONFIG_SHA256: 'abc' }, '/tmp');

    // assert
    expect(act).toThrow('Invalid environment:\nREPORT_CONFIG_SHA256: must be a hex SHA-256');
  });
});
