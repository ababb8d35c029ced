/** Amazon SES `SendRawEmail`, with its failures sorted into permanent, transient and unanswered. */
import { SendRawEmailCommand, SESServiceException, type SESClient } from '@aws-sdk/client-ses';
import pLimit from 'p-limit';
import pRetry from 'p-retry';

export interface RawEmail {
  source: string;
  destinations: string[];
  raw: Uint8Array;
  /** SES configuration set whose event destination reports what happened to the message. */
  configurationSet?: string | undefined;
  /** SES message tags (values already encoded to SES's alphabet), echoed back in every SES event. */
  tags?: { name: string; value: string }[];
}

export type SendRawEmail = (email: RawEmail) => Promise<{ messageId: string }>;

/** SES errors that will fail again however often they are retried (bad address, unverified identity). */
const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'ConfigurationSetDoesNotExistException',
  'AccountSendingPausedException',
  'InvalidParameterValue',
]);

export const NO_MESSAGE_ID = 'SES accepted the message but returned no MessageId';

export class SendError extends Error {
  override readonly name = 'SendError';
  constructor(
    message: string,
    readonly permanent: boolean,
    /**
     * True when the message certainly did not reach SES: SES answered with a refusal (a 4xx), or no
     * connection was ever made. False for no answer on a connection (timeout, reset), a server error
     * (5xx: SES may have accepted the message before failing) or a success without a MessageId: the
     * send is then uncertain rather than failed.
     */
    readonly answered = true,
  ) {
    super(message);
  }
}

export interface SesSenderOptions {
  /** Retries after SES answered "slow down" (Throttling); 0 turns them off. */
  throttlingRetries?: number;
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /**
   * SES calls in flight at once: the client's sockets. A call waiting for a socket inside the SDK runs
   * its request timeout down and ends unanswered, so uncertain, though it never left; waiting here it
   * is not started yet. The people of a company go out in parallel, so a full pool can outnumber the sockets.
   */
  maxInFlight?: number;
}

/** SES said no to this attempt without taking the message: safe to try again after a pause. */
const isThrottling = (error: unknown): boolean =>
  error instanceof SESServiceException && (error.name === 'Throttling' || error.$retryable?.throttling === true);

/** Errors of a request that never had a connection to SES (refused, no DNS answer, connect timeout): nothing left. */
const NO_CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const neverConnected = (error: unknown): boolean =>
  error instanceof Error &&
  (NO_CONNECTION_CODES.has((error as { code?: unknown }).code as string) || /did not establish a connection/.test(error.message));

const toSendError = (error: unknown): SendError => {
  if (error instanceof SendError) return error;
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const refused = error instanceof SESServiceException && error.$fault === 'client';
  return new SendError(`SES ${name}: ${message}`, PERMANENT.has(name), refused || neverConnected(error));
};

/**
 * Sends through SES `SendRawEmail`, which is not idempotent: an attempt that got no answer (timeout,
 * reset connection) may have been accepted, so it is never repeated here; it ends as an unanswered
 * `SendError` (the ledger then calls the email uncertain). Only answered throttling is retried, with
 * backoff. The SES client itself must not retry (maxAttempts 1), or a slow answer becomes two emails.
 */
export const createSesSender = (ses: SESClient, options: SesSenderOptions = {}): SendRawEmail => {
  const slot = pLimit(options.maxInFlight ?? Number.POSITIVE_INFINITY);
  return async ({ source, destinations, raw, configurationSet, tags }) => {
    const command = new SendRawEmailCommand({
      Source: source,
      Destinations: destinations,
      RawMessage: { Data: raw },
      ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      ...(tags?.length ? { Tags: tags.map(({ name, value }) => ({ Name: name, Value: value })) } : {}),
    });
    try {
      const output = await pRetry(() => slot(() => ses.send(command)), {
        retries: options.throttlingRetries ?? 5,
        minTimeout: options.minRetryDelayMs ?? 200,
        maxTimeout: options.maxRetryDelayMs ?? 5_000,
        factor: 2,
        randomize: true,
        shouldRetry: ({ error }) => isThrottling(error),
      });
      if (!output.MessageId) throw new SendError(NO_MESSAGE_ID, false, false);
      return { messageId: output.MessageId };
    } catch (error) {
      throw toSendError(error);
    }
  };
};
