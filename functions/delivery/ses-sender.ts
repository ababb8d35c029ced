/** Amazon SES `SendRawEmail`, with its failures sorted into permanent, transient and unanswered. */
import { SendRawEmailCommand, SESServiceException, type SESClient } from '@aws-sdk/client-ses';

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
const PERMANENT = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'ConfigurationSetDoesNotExistException', 'AccountSendingPausedException', 'InvalidParameterValue']);

export class SendError extends Error {
  override readonly name = 'SendError';
  constructor(
    message: string,
    readonly permanent: boolean,
    /**
     * False when SES never answered (timeout, connection reset): SES may have accepted the message,
     * so the send is uncertain rather than failed.
     */
    readonly answered = true,
  ) {
    super(message);
  }
}

/**
 * Sends through SES `SendRawEmail`. Throttling and transient errors are retried with backoff by the
 * SDK's own retry strategy (configured on the client); what reaches here is final for this company.
 */
export const createSesSender =
  (ses: SESClient): SendRawEmail =>
  async ({ source, destinations, raw, configurationSet, tags }) => {
    try {
      const output = await ses.send(
        new SendRawEmailCommand({
          Source: source,
          Destinations: destinations,
          RawMessage: { Data: raw },
          ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
          ...(tags?.length ? { Tags: tags.map(({ name, value }) => ({ Name: name, Value: value })) } : {}),
        }),
      );
      if (!output.MessageId) throw new SendError('SES accepted the message but returned no MessageId', false);
      return { messageId: output.MessageId };
    } catch (error) {
      if (error instanceof SendError) throw error;
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      throw new SendError(`SES ${name}: ${message}`, PERMANENT.has(name), error instanceof SESServiceException);
    }
  };
