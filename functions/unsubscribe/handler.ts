import { Logger } from '@aws-lambda-powertools/logger';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent } from 'aws-lambda';
import * as z from 'zod';
import { cachedEnvironment } from '../shared/cached-environment.ts';
import { createDynamoSuppressionList } from '../shared/suppression-list.ts';
import { parseUnsubscribeKeys } from '../shared/unsubscribe-token.ts';
import { sdkTimeouts, timedClientConfig } from '../shared/timed-sdk-client.ts';
import { handleUnsubscribe } from './handle-unsubscribe.ts';

const logger = new Logger();
// A person is waiting for the page: give up on a stalled connection within seconds, not at the Lambda timeout.
const clientConfig = timedClientConfig(sdkTimeouts(process.env, { connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000 }));
const secrets = new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient(clientConfig) });
const documents = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig));

const environmentSchema = z.object({
  SUPPRESSION_TABLE_NAME: z.string({ error: 'missing: the suppression list table' }).min(1),
  UNSUBSCRIBE_KEY_SECRET_ID: z.string({ error: 'missing: the secret holding the unsubscribe token key' }).min(1),
});
const getEnvironment = cachedEnvironment(environmentSchema, () => process.env);

const SECURITY_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
};

/**
 * The one-click unsubscribe URL (Lambda Function URL). Thin: reads the key (cached 5 minutes), decodes
 * the request, lets handleUnsubscribe decide; the keys come from the secret (see unsubscribe-token.ts for rotation). Never logs the token or an address.
 */
export const handler = async (event: LambdaFunctionURLEvent): Promise<APIGatewayProxyStructuredResultV2> => {
  const env = getEnvironment();
  const secret = await secrets.get(env.UNSUBSCRIBE_KEY_SECRET_ID, { maxAge: 300 });
  if (typeof secret !== 'string') throw new Error('the unsubscribe key secret is not a string');
  const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64') : event.body) : '';
  const contentType = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const response = await handleUnsubscribe(
    { method: event.requestContext.http.method, token: event.queryStringParameters?.t, contentType, body },
    { keys: parseUnsubscribeKeys(secret), suppressions: createDynamoSuppressionList(documents, env.SUPPRESSION_TABLE_NAME) },
  );
  logger.info('Unsubscribe request', { method: event.requestContext.http.method, statusCode: response.statusCode });
  return { statusCode: response.statusCode, headers: SECURITY_HEADERS, body: response.html };
};
