import { SESClient } from '@aws-sdk/client-ses';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSesSender } from '../../functions/delivery/ses-sender.ts';
import { startSesEmulator } from '../local-stack.ts';
import { PREVIEW_RECIPIENT, PREVIEW_SENDER } from './preview-message.ts';

export interface TestSender {
  /** aws-ses-v2-local's web page, which lists what it received. */
  viewerUrl: string;
  send(raw: Buffer): Promise<{ messageId: string; viewerUrl: string }>;
  close(): Promise<void>;
}

/**
 * "Send test": the production SES sender pointed at a local aws-ses-v2-local, started on demand
 * and on a free port (no AWS, no Docker, nothing leaves the machine).
 */
export const startTestSender = async (): Promise<TestSender> => {
  const server: Server = await startSesEmulator({ host: '127.0.0.1', port: 0 });
  const viewerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const send = createSesSender(
    new SESClient({
      region: 'us-east-1',
      endpoint: viewerUrl,
      // Placeholders: the SDK signs every request, the emulator accepts any signature.
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    }),
  );
  return {
    viewerUrl,
    send: async (raw) => {
      const { messageId } = await send({ source: PREVIEW_SENDER.address, destinations: [PREVIEW_RECIPIENT], raw });
      return { messageId, viewerUrl };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
