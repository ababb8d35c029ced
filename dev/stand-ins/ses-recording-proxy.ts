// A pass-through in front of aws-ses-v2-local that keeps the raw MIME of every SendRawEmail exactly as
// the function handed it to SES. The emulator stores a message it rebuilt from its parse (which drops
// X-IOBot-Report and the CSV charset); `npm start` writes these bytes instead, so the local .eml files
// are what SES would have sent.
import { relayObserved, startLocalHttpServer } from './local-http-server.ts';

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

  const server = await startLocalHttpServer((incoming, body, response) => {
    const raw = rawMessageOf(body);
    relayObserved(
      upstream,
      incoming,
      body,
      response,
      (answerBody, statusCode) => {
        const messageId = raw && (statusCode ?? 500) < 300 ? messageIdOf(answerBody.toString('utf8')) : null;
        if (raw && messageId) recorded.set(messageId, raw);
      },
      (error) => {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(`SES emulator unavailable: ${error.message}`);
      },
    );
  });
  return { url: server.url, rawOf: (messageId) => recorded.get(messageId), close: server.close };
};
