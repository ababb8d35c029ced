// The HTTP plumbing the local stand-ins share (SES and DynamoDB fault proxies, the SES recording proxy and
// event feed): a server on a free loopback port that reads each request whole, and the pass-through of a
// request to the emulator behind it.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LocalHttpServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 (port 0: a free one) and calls `handle` with each request's whole body.
 * `close()` destroys the open keep-alive sockets first, so it never waits on an idle client;
 * `onConnection` is told of each new TCP connection.
 */
export const startLocalHttpServer = async (
  handle: (incoming: IncomingMessage, body: Buffer, response: ServerResponse) => void,
  onConnection?: () => void,
): Promise<LocalHttpServer> => {
  const sockets = new Set<Socket>();
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => handle(incoming, Buffer.concat(chunks), response));
  });
  server.on('connection', (socket) => {
    onConnection?.();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
};

/** Sends the request on to `upstream` as it came (path, method, headers, body); `onError` is a connection failure. */
export const forwardRequest = (
  upstream: URL,
  incoming: IncomingMessage,
  body: Buffer,
  onAnswer: (answer: IncomingMessage) => void,
  onError: (error: Error) => void,
): void => {
  const outgoing = httpRequest(
    { hostname: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
    onAnswer,
  );
  outgoing.on('error', onError);
  outgoing.end(body);
};

/**
 * Forwards the request, reads the emulator's answer whole, lets `observe` look at it (what a recording
 * proxy or an event feed is for), then passes it back unchanged.
 */
export const relayObserved = (
  upstream: URL,
  incoming: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
  observe: (answerBody: Buffer, statusCode: number | undefined) => void,
  onError: (error: Error) => void,
): void =>
  forwardRequest(
    upstream,
    incoming,
    body,
    (answer) => {
      const answerChunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
      answer.on('end', () => {
        const answerBody = Buffer.concat(answerChunks);
        observe(answerBody, answer.statusCode);
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        response.end(answerBody);
      });
    },
    onError,
  );
