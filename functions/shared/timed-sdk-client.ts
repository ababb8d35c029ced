/**
 * Connection and request timeouts for the AWS SDK clients of the small functions (unsubscribe,
 * delivery-events). The SDK's default is no request timeout at all: a stalled DynamoDB or Secrets
 * Manager connection would hold the unsubscribe page (a person waiting) or an SES event until the
 * Lambda timeout. A timeout is retryable for the SDK, so a slow moment costs one more attempt.
 */
import * as z from 'zod';

export interface SdkTimeouts {
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
}

const milliseconds = z.coerce.number().int().positive().max(60_000);

/**
 * The timeouts, from the handler's environment when set (`SDK_CONNECTION_TIMEOUT_MS`,
 * `SDK_REQUEST_TIMEOUT_MS`: for tests and tuning), else `defaults`. Called by handlers only.
 */
export const sdkTimeouts = (env: Record<string, string | undefined>, defaults: SdkTimeouts): SdkTimeouts => ({
  connectionTimeoutMs: env.SDK_CONNECTION_TIMEOUT_MS ? milliseconds.parse(env.SDK_CONNECTION_TIMEOUT_MS) : defaults.connectionTimeoutMs,
  requestTimeoutMs: env.SDK_REQUEST_TIMEOUT_MS ? milliseconds.parse(env.SDK_REQUEST_TIMEOUT_MS) : defaults.requestTimeoutMs,
});

/** Client configuration with those timeouts (the same handler settings as the mailer's aws-clients.ts). */
export const timedClientConfig = (timeouts: SdkTimeouts) => ({
  requestHandler: {
    connectionTimeout: timeouts.connectionTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    // Without this, @smithy/node-http-handler 4.x only logs a warning when requestTimeout passes.
    throwOnRequestTimeout: true,
    socketTimeout: timeouts.requestTimeoutMs,
  },
});
