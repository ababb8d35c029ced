// A pass-through in front of aws-ses-v2-local that keeps the raw MIME of every SendRawEmail exactly as
// the function handed it to SES. The emulator stores a message it rebuilt from its parse (which drops
// X-IOBot-Report and the CSV charset); `npm start` writes these bytes instead, so the local .eml files
// are what SES would have sent.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SesRecordingProxy {
  url: string;
  /** The raw message SES accepted under `messageId`, byte for byte; undefined if none. */
  rawOf(messageId: string): Buffer | undefined;
  close(): Promise<void>;
}

/** RawMessage.Data of a form-encoded SES SendRawEmail request, decoded; null for any other request. */
export const rawMessageOf = (body: Buffer): Buffer | null => {
  const form = new URLSearchParams(body.toString('utf8'));
  const data = form.get('Action') === 'SendRawEmail' ? form.get('RawMessage.Data') : null;
  return data === null ? null : Buffer.from(data, 'base64');
};

const messageIdOf = (xml: string): string | null => /<MessageId>([^<]+)<\/MessageId>/.exec(xml)?.[1] ?? null;

export const startSesRecordingProxy = async (target: string): Promise<SesRecordingProxy> => {
  const upstream = new URL(target);
  const recorded = new Map<string, Buffer>();
  const sockets = new Set<Socket>();

  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const raw = rawMessageOf(body);
      const outgoing = httpRequest(
        { hostname: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            const answerBody = Buffer.concat(answerChunks);
            const messageId = raw && (answer.statusCode ?? 500) < 300 ? messageIdOf(answerBody.toString('utf8')) : null;
            if (raw && messageId) recorded.set(messageId, raw);
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            response.end(answerBody);
          });
        },
      );
      outgoing.on('error', (error) => {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(`SES emulator unavailable: ${error.message}`);
      });
      outgoing.end(body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rawOf: (messageId) => recorded.get(messageId),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
};
