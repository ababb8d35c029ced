import { SESClient, SendRawEmailCommand, MessageRejected, SESServiceException } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createSesSender, SendError } from '../../functions/delivery/ses-sender.ts';

const ses = mockClient(SESClient);
// The shared vitest project keeps this worker's modules for the next file: give SESClient back.
afterAll(() => ses.restore());
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

  it('keeps at most maxInFlight calls inside the SDK: the others wait before they start, not on a socket', async () => {
    let inFlight = 0;
    let most = 0;
    ses.on(SendRawEmailCommand).callsFake(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return { MessageId: 'm' };
    });
    const send = createSesSender(new SESClient({ region: 'us-east-1' }), { maxInFlight: 2 });

    const results = await Promise.all(Array.from({ length: 7 }, () => send(email)));

    expect(results).toHaveLength(7);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(7);
    expect(most).toBe(2);
  });

  it('calls a send that never had a connection not sent (answered), and a timeout on a connection uncertain', async () => {
    const send = createSesSender(new SESClient({ region: 'us-east-1' }));
    const outcome = async (error: Error): Promise<SendError> => {
      ses.reset();
      ses.on(SendRawEmailCommand).rejects(error);
      return send(email).then(
        () => {
          throw new Error('expected the send to fail');
        },
        (caught: unknown) => caught as SendError,
      );
    };

    const refused = await outcome(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }));
    const connectTimeout = await outcome(
      Object.assign(
        new Error(
          '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 3000 ms.',
        ),
        { name: 'TimeoutError' },
      ),
    );
    const requestTimeout = await outcome(
      Object.assign(new Error('@smithy/node-http-handler - [ERROR] a request has exceeded the configured 10000 ms requestTimeout.'), {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
      }),
    );

    expect([refused.answered, connectTimeout.answered, requestTimeout.answered]).toEqual([true, true, false]);
    expect([refused.permanent, connectTimeout.permanent]).toEqual([false, false]);
  });

  it('marks a rejection (unverified address) as permanent, with the SES reason', async () => {
    ses.on(SendRawEmailCommand).rejects(new MessageRejected({ message: 'Email address is not verified.', $metadata: {} }));

    const error = await createSesSender(new SESClient({ region: 'us-east-1' }))(email).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ permanent: true, message: 'SES MessageRejected: Email address is not verified.' });
  });

  it('names the configuration set and passes the message tags', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-2' });

    await createSesSender(new SESClient({ region: 'us-east-1' }))({
      ...email,
      configurationSet: 'reports',
      tags: [{ name: 'iobot-group', value: 'aquatec' }],
    });

    expect(ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input).toMatchObject({
      ConfigurationSetName: 'reports',
      Tags: [{ Name: 'iobot-group', Value: 'aquatec' }],
    });
  });

  it('tells an SES answer from no answer at all (the message may have gone out)', async () => {
    ses
      .on(SendRawEmailCommand)
      .rejectsOnce(new MessageRejected({ message: 'x', $metadata: { httpStatusCode: 400 } }))
      .rejectsOnce(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    const send = createSesSender(new SESClient({ region: 'us-east-1' }));

    const answered = await send(email).catch((caught: unknown) => caught);
    const unanswered = await send(email).catch((caught: unknown) => caught);

    expect(answered).toMatchObject({ answered: true, permanent: true });
    expect(unanswered).toMatchObject({ answered: false, permanent: false, message: 'SES TimeoutError: timed out' });
  });

  it('retries an answered Throttling with backoff, and sends once', async () => {
    // prepare
    const throttled = new SESServiceException({
      name: 'Throttling',
      $fault: 'client',
      message: 'Maximum sending rate exceeded.',
      $metadata: { httpStatusCode: 400 },
    });
    ses.on(SendRawEmailCommand).rejectsOnce(throttled).rejectsOnce(throttled).resolves({ MessageId: 'm-3' });

    // act
    const result = await createSesSender(new SESClient({ region: 'us-east-1' }), { minRetryDelayMs: 1, maxRetryDelayMs: 2 })(email);

    // assert
    expect(result).toEqual({ messageId: 'm-3' });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(3);
  });

  it('never repeats an attempt that got no answer: SES may have taken it, a second try could send it twice', async () => {
    const throttled = new SESServiceException({
      name: 'Throttling',
      $fault: 'client',
      message: 'slow down',
      $metadata: { httpStatusCode: 400 },
    });
    ses
      .on(SendRawEmailCommand)
      .rejectsOnce(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }))
      .rejects(throttled);

    const error = await createSesSender(new SESClient({ region: 'us-east-1' }), { minRetryDelayMs: 1, maxRetryDelayMs: 2 })(email).catch(
      (caught: unknown) => caught,
    );

    expect(error).toMatchObject({ answered: false, permanent: false });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });

  it('does not retry a rejection', async () => {
    ses
      .on(SendRawEmailCommand)
      .rejects(new MessageRejected({ message: 'Email address is not verified.', $metadata: { httpStatusCode: 400 } }));

    await createSesSender(new SESClient({ region: 'us-east-1' }), { minRetryDelayMs: 1 })(email).catch(() => undefined);

    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });

  it('reads an SES server error (5xx) as no answer: SES may have accepted the message before failing', async () => {
    ses
      .on(SendRawEmailCommand)
      .rejects(
        new SESServiceException({ name: 'InternalFailure', $fault: 'server', message: 'internal', $metadata: { httpStatusCode: 500 } }),
      );

    const error = await createSesSender(new SESClient({ region: 'us-east-1' }))(email).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ answered: false, permanent: false, message: 'SES InternalFailure: internal' });
  });

  it('reads a 200 without a MessageId as no answer: the message may have been accepted', async () => {
    ses.on(SendRawEmailCommand).resolves({});

    const error = await createSesSender(new SESClient({ region: 'us-east-1' }))(email).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ answered: false, permanent: false, message: 'SES accepted the message but returned no MessageId' });
  });
});
