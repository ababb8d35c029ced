import { LambdaClient } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../dev/demo-config.ts';
import { startLocalLambdaApi } from '../../dev/stand-ins/lambda-local.ts';
import type { LocalHttpServer } from '../../dev/stand-ins/local-http-server.ts';
import { defaultGroup } from '../../dev/synthetic/groups.ts';
import { runtimeConfigSchema } from '../../functions/config/config-schema.ts';
import { sha256Hex } from '../../functions/config/load-runtime-config.ts';
import { serializeRuntimeConfig } from '../../infra/report-config-file.ts';
import { readDeployedConfig } from '../../scripts/deployed-config.ts';

const runtime = runtimeConfigSchema.parse(demoConfig(defaultGroup())('https://api.iobot.example'));
const json = serializeRuntimeConfig(runtime);
const code = (config: string) =>
  zipSync({ 'index.mjs': strToU8('export const handler = () => {};'), 'report-config.json': strToU8(config) });
const environment = (sha256: string) => ({
  REPORT_CONFIG_FILE: 'report-config.json',
  REPORT_CONFIG_SHA256: sha256,
  LEDGER_TABLE_NAME: 'ledger',
});

let api: LocalHttpServer;
let lambda: LambdaClient;

beforeAll(async () => {
  api = await startLocalLambdaApi({
    deployed: { environment: environment(sha256Hex(json)), code: code(json), lastModified: '2026-11-02T09:00:00.000+0000' },
    // The code of one deploy with the environment of another: the handler itself would refuse to start.
    mismatched: { environment: environment('0'.repeat(64)), code: code(json) },
    unrelated: { environment: { LOG_LEVEL: 'INFO' }, code: code('{}') },
  });
  lambda = new LambdaClient({ endpoint: api.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(() => api.close());

describe('readDeployedConfig', () => {
  it("reads the config file out of the function's code and parses it as the handler does", async () => {
    // act
    const deployed = await readDeployedConfig(lambda, 'deployed');

    // assert
    expect(deployed).toEqual({ functionName: 'deployed', lastModified: '2026-11-02T09:00:00.000+0000', sha256: sha256Hex(json), runtime });
  });

  it('refuses code whose config file is not the one REPORT_CONFIG_SHA256 pins, naming both hashes', async () => {
    await expect(readDeployedConfig(lambda, 'mismatched')).rejects.toThrow(
      `has SHA-256 ${sha256Hex(json)}, REPORT_CONFIG_SHA256 says ${'0'.repeat(64)}`,
    );
  });

  it('says when the function is not a report mailer, and when it does not exist', async () => {
    await expect(readDeployedConfig(lambda, 'unrelated')).rejects.toThrow('unrelated has no REPORT_CONFIG_FILE variable');
    await expect(readDeployedConfig(lambda, 'missing')).rejects.toThrow('Function not found: missing');
  });
});
