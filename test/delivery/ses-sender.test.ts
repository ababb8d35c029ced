import { SESClient, SendRawEmailCommand, MessageRejected } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSesSender, SendError } from '../../functions/delivery/ses-sender.ts';

const ses = mockClient(SESClient);
const email = { source: 'reportes@example.com', destinations: ['a@example.com', 'b@example.com'], raw: new TextEncoder().encode('raw') };

describe('createSesSender', () => {
  beforeEach(() => ses.reset());

  it('sends the raw message to every destination and returns the SES message id', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-1' });

    const result = await createSesSender(new SESClient({ region: 'us-east-1' }))(email);

    expect(result).toEqual({ messageId: 'm-1' });
    expect(ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input).toEqual({
      Source: 'reportes@example.com',
      Destinations: ['a@example.com', 'b@example.com'],
      RawMessage: { Data: email.raw },
    });
  });

  it('marks a rejection (unverified address) as permanent, with the SES reason', async () => {
    ses.on(SendRawEmailCommand).rejects(new MessageRejected({ message: 'Email address is not verified.', $metadata: {} }));

    const error = await createSesSender(new SESClient({ region: 'us-east-1' }))(email).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ permanent: true, message: 'SES MessageRejected: Email address is not verified.' });
  });
});
