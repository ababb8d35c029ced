import * as sesLocalModule from 'aws-ses-v2-local';
import type { AddressInfo } from 'node:net';
import type { RuntimeConfigInput } from '../functions/config/config-schema.ts';
import { randomBytes } from 'node:crypto';
import { createSuppressionTable, startLocalDynamo } from './stand-ins/dynamodb-local.ts';
import { startIobotSimulator, type IobotSimulator, type SimulatorOptions } from './stand-ins/iobot-simulator.ts';
import { startLocalS3, type LocalS3 } from './stand-ins/s3-local.ts';
import { startLocalSecretsManager } from './stand-ins/secrets-manager-local.ts';
import { startSesRecordingProxy } from './stand-ins/ses-recording-proxy.ts';
import { startLocalFunctionUrl, type LocalFunctionUrl } from './stand-ins/unsubscribe-local.ts';
import { startSesEventFeed, type SesEventFeed } from './stand-ins/ses-event-feed.ts';

/**
 * Everything the real handler talks to, on localhost: the IOBot simulator, aws-ses-v2-local, a
 * Secrets Manager stand-in, an in-memory DynamoDB and s3rver (the email archive). The handler is pointed at them with the AWS
 * SDK's own AWS_ENDPOINT_URL_* variables, so production code has no "local" branch.
 */
export interface LocalStack {
  simulator: IobotSimulator;
  /** The SES emulator itself (its /store API); the handler sends through a recording proxy in front of it. */
  sesUrl: string;
  /** The S3 emulator holding the archive bucket. */
  s3: LocalS3;
  /** The real unsubscribe handler behind a local stand-in of its Function URL. */
  unsubscribe: LocalFunctionUrl;
  /** The local Secrets Manager's secrets, by id: change one to test a broken secret. */
  secrets: Map<string, string>;
  env: Record<string, string>;
  /** Messages that reached the SES emulator since the last clear. */
  inbox(): Promise<StoredEmail[]>;
  clearInbox(): Promise<void>;
  /** The emulator's rebuild of a message (it drops X-IOBot-Report and the CSV charset). */
  emlOf(messageId: string): Promise<string>;
  /** The raw MIME the handler gave SES for `messageId`, byte for byte. */
  sentRawOf(messageId: string): Buffer | undefined;
  /** The SES events the emulator cannot publish, fed to the delivery-events consumer on `feed()`. */
  deliveryEvents: SesEventFeed;
  close(): Promise<void>;
}

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  at: number;
}

// A CommonJS package: Node's ESM loader nests its default export one level deeper than Vite does.
type StartSes = (config?: { host?: string; port?: number }) => Promise<import('node:http').Server>;
const sesDefault = sesLocalModule.default as unknown as StartSes | { default: StartSes };
export const startSesEmulator: StartSes = typeof sesDefault === 'function' ? sesDefault : sesDefault.default;

export const LOCAL_API_KEY = 'local-dev-key';
export const LOCAL_SECRET_ID = 'iobot/report-mailer/credentials';
export const LOCAL_UNSUBSCRIBE_KEY_ID = 'iobot/report-mailer/unsubscribe-key';
export const LOCAL_CONFIGURATION_SET = 'iobot-report-mailer-local';

export const startLocalStack = async (options: {
  config: (apiBaseUrl: string) => RuntimeConfigInput;
  simulator?: SimulatorOptions;
  secret?: string;
}): Promise<LocalStack> => {
  const simulator = await startIobotSimulator({ apiKey: LOCAL_API_KEY, ...options.simulator });
  const ses = await startSesEmulator({ host: '127.0.0.1', port: 0 });
  const emulatorUrl = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
  // The consumer's handler is imported on first use, after the caller has put `env` in process.env.
  const deliveryEvents = await startSesEventFeed(emulatorUrl, async (event) =>
    (await import('../functions/delivery-events/handler.ts')).handler(event),
  );
  const sesUrl = deliveryEvents.url;
  const recorder = await startSesRecordingProxy(sesUrl);
  const secrets = await startLocalSecretsManager({
    [LOCAL_SECRET_ID]: options.secret ?? JSON.stringify({ apiKey: LOCAL_API_KEY }),
    [LOCAL_UNSUBSCRIBE_KEY_ID]: randomBytes(32).toString('hex'),
  });
  const dynamo = await startLocalDynamo();
  const suppressionTable = await createSuppressionTable(dynamo.url);
  const s3 = await startLocalS3();
  // Imported on the first request, after the caller has put `env` into process.env (as Lambda would).
  const unsubscribe = await startLocalFunctionUrl(async () => (await import('../functions/unsubscribe/handler.ts')).handler);

  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    // Placeholders: the SDK signs every request; s3rver checks signatures against its fixed key pair,
    // the other stand-ins accept any.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_SES: recorder.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    AWS_ENDPOINT_URL_S3: s3.url,
    REPORT_CONFIG: JSON.stringify(options.config(simulator.url)),
    IOBOT_SECRET_ID: LOCAL_SECRET_ID,
    LEDGER_TABLE_NAME: dynamo.tableName,
    ARCHIVE_BUCKET_NAME: s3.bucket,
    SUPPRESSION_TABLE_NAME: suppressionTable,
    UNSUBSCRIBE_KEY_SECRET_ID: LOCAL_UNSUBSCRIBE_KEY_ID,
    UNSUBSCRIBE_URL: unsubscribe.url,
    UNSUBSCRIBE_MAILTO: 'operaciones@example.com',
    SES_CONFIGURATION_SET: LOCAL_CONFIGURATION_SET,
    POWERTOOLS_SERVICE_NAME: 'iobot-report-mailer',
    POWERTOOLS_METRICS_NAMESPACE: 'IOBotReportMailer',
  };

  const inbox = async (): Promise<StoredEmail[]> => {
    const response = await fetch(`${sesUrl}/store`);
    return ((await response.json()) as { emails: StoredEmail[] }).emails;
  };

  return {
    simulator,
    sesUrl,
    s3,
    unsubscribe,
    secrets: secrets.secrets,
    env,
    inbox,
    clearInbox: async () => {
      await fetch(`${sesUrl}/clear-store`, { method: 'POST' });
    },
    deliveryEvents,
    emlOf: async (messageId) => {
      const response = await fetch(`${sesUrl}/get-emlContent?messageId=${encodeURIComponent(messageId)}`);
      const payload = (await response.json()) as { body: { type: 'Buffer'; data: number[] } | string };
      return typeof payload.body === 'string' ? payload.body : Buffer.from(payload.body.data).toString('utf8');
    },
    sentRawOf: (messageId) => recorder.rawOf(messageId),
    close: async () => {
      await Promise.all([
        recorder.close(),
        simulator.close(),
        deliveryEvents.close(),
        secrets.close(),
        dynamo.close(),
        s3.close(),
        unsubscribe.close(),
        new Promise<void>((resolve) => ses.close(() => resolve())),
      ]);
    },
  };
};
