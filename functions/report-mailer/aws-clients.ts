/** The AWS SDK clients the run uses, each with connection and request timeouts. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface AwsClientOptions {
  /** Time to open the TCP (and TLS) connection. */
  connectionTimeoutMs: number;
  /** Time one attempt may take in all, and the socket may stay silent. The SDK's default is none. */
  requestTimeoutMs: number;
  /** SES attempts in all (the standard retry strategy backs off on throttling and transient errors). */
  sesMaxAttempts: number;
  /** Keep-alive sockets the SES client may hold: as many as deliveries run at once, so each reuses its TLS connection. */
  sesMaxSockets?: number;
}

export interface AwsClients {
  ses: SESClient;
  documents: DynamoDBDocumentClient;
  secrets: SecretsManagerClient;
  /** The email archive. */
  s3: S3Client;
}

/**
 * Without a request timeout a stalled connection hangs the run until the Lambda timeout, and every
 * company after it is never tried. A timeout is a retryable error for the SDK, so a slow moment
 * costs one more attempt, not the run.
 */
const sesSockets = (maxSockets: number | undefined) => {
  if (maxSockets === undefined) return {};
  const agent = { keepAlive: true, maxSockets };
  return { httpsAgent: agent, httpAgent: agent };
};

export const createAwsClients = (options: AwsClientOptions): AwsClients => {
  const requestHandler = {
    connectionTimeout: options.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    // Without this, @smithy/node-http-handler 4.x only logs a warning when requestTimeout passes.
    throwOnRequestTimeout: true,
    socketTimeout: options.requestTimeoutMs,
  };
  return {
    ses: new SESClient({
      maxAttempts: options.sesMaxAttempts,
      requestHandler: { ...requestHandler, ...sesSockets(options.sesMaxSockets) },
    }),
    documents: DynamoDBDocumentClient.from(new DynamoDBClient({ requestHandler })),
    secrets: new SecretsManagerClient({ requestHandler }),
    s3: new S3Client({ requestHandler }),
  };
};
