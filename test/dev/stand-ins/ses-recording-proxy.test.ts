import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import * as sesLocalModule from 'aws-ses-v2-local';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawMessageOf, startSesRecordingProxy, type SesRecordingProxy } from '../../../dev/stand-ins/ses-recording-proxy.ts';

type StartSes = (config?: { host?: string; port?: number }) => Promise<Server>;
const sesDefault = sesLocalModule.default as unknown as StartSes | { default: StartSes };
const startSesEmulator: StartSes = typeof sesDefault === 'function' ? sesDefault : sesDefault.default;

const RAW = [
  'From: Reportes <reportes@example.com>',
  'To: gerencia@example.com',
  'Subject: Reporte mensual',
  'X-IOBot-Report: demo/2026-04/1',
  'MIME-Version: 1.0',
  'Content-Type: text/csv; charset=utf-8',
  '',
  '\uFEFF"Agente";"Ventas"',
  '',
].join('\r\n');

describe('SES recording proxy', () => {
  let emulator: Server;
  let proxy: SesRecordingProxy;
  let ses: SESClient;

  beforeAll(async () => {
    emulator = await startSesEmulator({ host: '127.0.0.1', port: 0 });
    proxy = await startSesRecordingProxy(`http://127.0.0.1:${(emulator.address() as AddressInfo).port}`);
    ses = new SESClient({ region: 'us-east-1', endpoint: proxy.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    ses.destroy();
    await proxy.close();
    await new Promise<void>((resolve) => emulator.close(() => resolve()));
  });

  it('keeps the raw message SES accepted, byte for byte, under the message id SES returned', async () => {
    const bytes = Buffer.from(RAW, 'utf8');

    const { MessageId } = await ses.send(
      new SendRawEmailCommand({ Source: 'reportes@example.com', Destinations: ['gerencia@example.com'], RawMessage: { Data: bytes } }),
    );

    expect(MessageId).toBeTruthy();
    expect(proxy.rawOf(MessageId!)?.equals(bytes)).toBe(true);
    expect(proxy.rawOf(MessageId!)?.toString('utf8')).toContain('X-IOBot-Report: demo/2026-04/1');
  });

  it('records nothing for an id SES never returned', () => {
    expect(proxy.rawOf('not-a-message-id')).toBeUndefined();
  });

  it('reads RawMessage.Data only from SendRawEmail requests', () => {
    const send = Buffer.from(`Action=SendRawEmail&RawMessage.Data=${encodeURIComponent(Buffer.from('hola').toString('base64'))}`);
    const other = Buffer.from('Action=GetSendQuota');

    expect(rawMessageOf(send)?.toString()).toBe('hola');
    expect(rawMessageOf(other)).toBeNull();
  });
});
