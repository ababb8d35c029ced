import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSuppressionTable, startLocalDynamo, type LocalDynamo } from '../../dev/stand-ins/dynamodb-local.ts';
import { startLocalSecretsManager, type LocalSecretsManager } from '../../dev/stand-ins/secrets-manager-local.ts';
import { createDynamoSuppressionList } from '../../functions/shared/suppression-list.ts';
import { sealUnsubscribeToken } from '../../functions/shared/unsubscribe-token.ts';

/** The real Lambda handler with Function URL events, over a local Secrets Manager and DynamoDB. */
const KEY = 'a'.repeat(64);
let dynamo: LocalDynamo;
let secrets: LocalSecretsManager;
let handler: typeof import('../../functions/unsubscribe/handler.ts').handler;
let table: string;

const event = (
  method: string,
  token: string | undefined,
  body?: { text: string; base64: boolean; contentType?: string },
): LambdaFunctionURLEvent =>
  ({
    version: '2.0',
    rawPath: '/',
    rawQueryString: token ? `t=${token}` : '',
    queryStringParameters: token ? { t: token } : undefined,
    headers: body ? { 'content-type': body.contentType ?? 'application/x-www-form-urlencoded' } : {},
    body: body ? (body.base64 ? Buffer.from(body.text).toString('base64') : body.text) : undefined,
    isBase64Encoded: body?.base64 ?? false,
    requestContext: { http: { method, path: '/' } },
  }) as unknown as LambdaFunctionURLEvent;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  table = await createSuppressionTable(dynamo.url);
  secrets = await startLocalSecretsManager({ 'unsubscribe-key': KEY });
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    SUPPRESSION_TABLE_NAME: table,
    UNSUBSCRIBE_KEY_SECRET_ID: 'unsubscribe-key',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  ({ handler } = await import('../../functions/unsubscribe/handler.ts'));
});
afterAll(async () => {
  await secrets.close();
  await dynamo.close();
});

const suppressed = async (group: string): Promise<Set<string>> => {
  return createDynamoSuppressionList(dynamo.documents, table).addresses(group);
};

describe('unsubscribe handler (Function URL)', () => {
  it('answers GET with the confirmation page, no-store and a strict CSP, and writes nothing', async () => {
    const token = sealUnsubscribeToken([{ id: 'k0', secret: KEY }], { group: 'g1', address: 'a@example.com', language: 'es' });

    const response = await handler(event('GET', token));

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    expect(String(response.headers?.['content-security-policy'])).toContain("form-action 'self'");
    expect(response.body).toContain('<form method="post">');
    expect(await suppressed('g1')).toEqual(new Set());
  });

  it('unsubscribes on the one-click POST, base64-encoded body or not', async () => {
    const first = sealUnsubscribeToken([{ id: 'k0', secret: KEY }], { group: 'g2', address: 'a@example.com', language: 'en' });
    const second = sealUnsubscribeToken([{ id: 'k0', secret: KEY }], { group: 'g2', address: 'b@example.com', language: 'en' });

    const encoded = await handler(event('POST', first, { text: 'List-Unsubscribe=One-Click', base64: true }));
    const plain = await handler(event('POST', second, { text: 'List-Unsubscribe=One-Click', base64: false }));

    expect([encoded.statusCode, plain.statusCode]).toEqual([200, 200]);
    expect(await suppressed('g2')).toEqual(new Set(['a@example.com', 'b@example.com']));
  });

  it('unsubscribes on a multipart/form-data one-click POST, whatever the header name case', async () => {
    const token = sealUnsubscribeToken([{ id: 'k0', secret: KEY }], { group: 'g4', address: 'c@example.com', language: 'es' });
    const boundary = 'xyz';
    const text = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const request = event('POST', token, { text, base64: true });
    request.headers = { 'Content-Type': `multipart/form-data; boundary=${boundary}` };

    const response = await handler(request);

    expect(response.statusCode).toBe(200);
    expect(await suppressed('g4')).toEqual(new Set(['c@example.com']));
  });

  it('refuses a token sealed with another key and writes nothing', async () => {
    const forged = sealUnsubscribeToken([{ id: 'k0', secret: 'b'.repeat(64) }], {
      group: 'g3',
      address: 'victim@example.com',
      language: 'es',
    });

    const response = await handler(event('POST', forged, { text: 'List-Unsubscribe=One-Click', base64: true }));

    expect(response.statusCode).toBe(400);
    expect(await suppressed('g3')).toEqual(new Set());
  });
});
