import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliveryEvent } from '../../dev/stand-ins/ses-events.ts';
import { messageTags } from '../../functions/delivery/message-tags.ts';
import { sdkTimeouts } from '../../functions/shared/timed-sdk-client.ts';

/**
 * The unsubscribe and delivery-events handlers against a stalled endpoint (accepts, reads, never
 * answers): with the timeouts they fail in about a second instead of waiting for the Lambda timeout.
 */
let stalled: Server;
const sockets = new Set<Socket>();
const saved = { ...process.env };

beforeAll(async () => {
  stalled = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
    SDK_CONNECTION_TIMEOUT_MS: '200',
    SDK_REQUEST_TIMEOUT_MS: '150',
    AWS_MAX_ATTEMPTS: '1',
    LEDGER_TABLE_NAME: 'ledger',
    SES_CONFIGURATION_SET: 'iobot-report-mailer',
    SUPPRESSION_TABLE_NAME: 'suppressions',
    UNSUBSCRIBE_KEY_SECRET_ID: 'unsubscribe-key',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  vi.resetModules();
});
afterAll(async () => {
  process.env = saved;
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => stalled.close(() => resolve()));
});

const settle = async (call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> => {
  const started = performance.now();
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { error, ms: performance.now() - started };
};

describe('sdkTimeouts', () => {
  it('takes the defaults, or the environment when set, and names a bad value', () => {
    const defaults = { connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000 };

    expect(sdkTimeouts({}, defaults)).toEqual(defaults);
    expect(sdkTimeouts({ SDK_REQUEST_TIMEOUT_MS: '250' }, defaults)).toEqual({ connectionTimeoutMs: 1_000, requestTimeoutMs: 250 });
    expect(() => sdkTimeouts({ SDK_REQUEST_TIMEOUT_MS: 'soon' }, defaults)).toThrow();
  });
});

describe('the small functions over a stalled endpoint', () => {
  it('unsubscribe gives up on Secrets Manager that never answers', async () => {
    const { handler } = await import('../../functions/unsubscribe/handler.ts');
    const event = {
      queryStringParameters: { t: 'v1.x' },
      requestContext: { http: { method: 'GET', path: '/' } },
    } as unknown as LambdaFunctionURLEvent;

    const { error, ms } = await settle(() => handler(event));

    expect(String(error)).toMatch(/timeout|timed out/i);
    expect(ms).toBeLessThan(5_000);
  });

  it('delivery-events gives up on a DynamoDB ledger that never answers', async () => {
    const { handler } = await import('../../functions/delivery-events/handler.ts');
    const key = { group: 'aquatec', month: '2026-04', target: 1, recipientsHash: 'abc' };
    const event = deliveryEvent({
      messageId: 'm-1',
      source: 'reportes@example.com',
      destinations: ['gerencia@example.com'],
      tags: messageTags({ key, claimId: 'c-1' }),
      configurationSet: 'iobot-report-mailer',
      at: new Date('2026-05-01T13:00:00Z'),
    });

    const { error, ms } = await settle(() => handler(event));

    expect((error as Error).name).toBe('TimeoutError');
    expect(ms).toBeLessThan(5_000);
  });
});
