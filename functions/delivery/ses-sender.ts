/** Amazon SES `SendRawEmail`, with its failures sorted into permanent and transient. */
import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';

export interface RawEmail {
  source: string;
  destinations: string[];
  raw: Uint8Array;
}

export type SendRawEmail = (email: RawEmail) => Promise<{ messageId: string }>;

/** SES errors that will fail again however often they are retried (bad address, unverified identity). */
const PERMANENT = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'ConfigurationSetDoesNotExistException', 'AccountSendingPausedException', 'InvalidParameterValue']);

export class SendError extends Error {
  override readonly name = 'SendError';
  constructor(
    message: string,
    readonly permanent: boolean,
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
  async ({ source, destinations, raw }) => {
    try {
      const output = await ses.send(
        new SendRawEmailCommand({ Source: source, Destinations: destinations, RawMessage: { Data: raw } }),
      );
      if (!output.MessageId) throw new SendError('SES accepted the message but returned no MessageId', false);
      return { messageId: output.MessageId };
    } catch (error) {
      if (error instanceof SendError) throw error;
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      throw new SendError(`SES ${name}: ${message}`, PERMANENT.has(name));
    }
  };
