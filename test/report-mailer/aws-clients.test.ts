import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../functions/report-mailer/aws-clients.ts';

/**
 * A stalled endpoint: accepts the connection and reads the request, then never answers. Without a
 * request timeout the SDK waits on it until the Lambda is killed.
 */
let stalled: Server;
const sockets = new Set<Socket>();
const saved = { ...process.env };

beforeAll(async () => {
  stalled = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_SES: url,
    AWS_ENDPOINT_URL_DYNAMODB: url,
  });
});
afterAll(async () => {
  process.env = saved;
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => stalled.close(() => resolve()));
});

/** How the call ended and how long it took. */
const settle = async (call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> => {
  const started = performance.now();
  const error = await call().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { error, ms: performance.now() - started };
};

describe('createAwsClients', () => {
  it('gives up on an SES endpoint that never answers, through the real SDK client', async () => {
    // prepare
    const { ses } = createAwsClients({ connectionTimeoutMs: 500, requestTimeoutMs: 200, sesMaxAttempts: 2 });

    // act
    const { error, ms } = await settle(() =>
      ses.send(
        new SendRawEmailCommand({ Source: 'a@example.com', Destinations: ['b@example.com'], RawMessage: { Data: Buffer.from('x') } }),
      ),
    );

    // assert: two attempts of 200 ms and a backoff, not the test's 30 s timeout
    expect((error as Error).name).toBe('TimeoutError');
    expect(ms).toBeLessThan(10_000);
  });

  it('gives up on a DynamoDB endpoint that never answers, through the real SDK client', async () => {
    // prepare
    const { documents } = createAwsClients({ connectionTimeoutMs: 500, requestTimeoutMs: 200, sesMaxAttempts: 2 });

    // act
    const { error, ms } = await settle(() => documents.send(new GetCommand({ TableName: 'ledger', Key: { pk: 'x' } })));

    // assert
    expect((error as Error).name).toBe('TimeoutError');
    expect(ms).toBeLessThan(10_000);
  });
});

describe('createAwsClients, SES sockets', () => {
  it('sends concurrent emails over at most `sesMaxSockets` kept-alive connections', async () => {
    // prepare: an SES stand-in that answers after 20 ms and counts the connections it gets
    let connections = 0;
    const ses = createHttpServer((request, response) => {
      request.resume();
      request.on('end', () =>
        setTimeout(() => {
          response.writeHead(200, { 'content-type': 'text/xml' });
          response.end('<SendRawEmailResponse><SendRawEmailResult><MessageId>m</MessageId></SendRawEmailResult></SendRawEmailResponse>');
        }, 20),
      );
    });
    ses.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => ses.listen(0, '127.0.0.1', resolve));
    process.env.AWS_ENDPOINT_URL_SES = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
    const clients = createAwsClients({ connectionTimeoutMs: 1000, requestTimeoutMs: 2000, sesMaxAttempts: 1, sesMaxSockets: 4 });
    const send = () =>
      clients.ses.send(
        new SendRawEmailCommand({ Source: 'a@example.com', Destinations: ['b@example.com'], RawMessage: { Data: Buffer.from('x') } }),
      );

    try {
      // act: two waves of 12 concurrent sends
      const first = await Promise.all(Array.from({ length: 12 }, send));
      const second = await Promise.all(Array.from({ length: 12 }, send));

      // assert
      expect([...first, ...second].every((output) => output.MessageId === 'm')).toBe(true);
      expect(connections).toBe(4);
    } finally {
      clients.ses.destroy();
      process.env.AWS_ENDPOINT_URL_SES = saved.AWS_ENDPOINT_URL_SES;
      await new Promise<void>((resolve) => ses.close(() => resolve()));
    }
  });
});
