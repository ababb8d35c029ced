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

  it('names the configuration set and passes the message tags', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-2' });

    await createSesSender(new SESClient({ region: 'us-east-1' }))({ ...email, configurationSet: 'reports', tags: [{ name: 'iobot-group', value: 'aquatec' }] });

    expect(ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input).toMatchObject({ ConfigurationSetName: 'reports', Tags: [{ Name: 'iobot-group', Value: 'aquatec' }] });
  });

  it('tells an SES answer from no answer at all (the message may have gone out)', async () => {
    ses.on(SendRawEmailCommand).rejectsOnce(new MessageRejected({ message: 'x', $metadata: { httpStatusCode: 400 } })).rejectsOnce(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    const send = createSesSender(new SESClient({ region: 'us-east-1' }));

    const answered = await send(email).catch((caught: unknown) => caught);
    const unanswered = await send(email).catch((caught: unknown) => caught);

    expect(answered).toMatchObject({ answered: true, permanent: true });
    expect(unanswered).toMatchObject({ answered: false, permanent: false, message: 'SES TimeoutError: timed out' });
  });
});
