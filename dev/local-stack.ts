import * as sesLocalModule from 'aws-ses-v2-local';
import type { AddressInfo } from 'node:net';
import type { RuntimeConfigInput } from '../functions/config/config-schema.ts';
import { startLocalDynamo } from './dynamodb-local.ts';
import { startIobotSimulator, type IobotSimulator, type SimulatorOptions } from './iobot-simulator.ts';
import { startLocalSecretsManager } from './secrets-manager-local.ts';

/**
 * Everything the real handler talks to, on localhost: the IOBot simulator, aws-ses-v2-local, a
 * Secrets Manager stand-in and an in-memory DynamoDB. The handler is pointed at them with the AWS
 * SDK's own AWS_ENDPOINT_URL_* variables, so production code has no "local" branch.
 */
export interface LocalStack {
  simulator: IobotSimulator;
  sesUrl: string;
  /** The local Secrets Manager's secrets, by id: change one to test a broken secret. */
  secrets: Map<string, string>;
  env: Record<string, string>;
  /** Messages that reached the SES emulator since the last clear. */
  inbox(): Promise<StoredEmail[]>;
  clearInbox(): Promise<void>;
  emlOf(messageId: string): Promise<string>;
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

export const startLocalStack = async (options: {
  config: (apiBaseUrl: string) => RuntimeConfigInput;
  simulator?: SimulatorOptions;
  secret?: string;
}): Promise<LocalStack> => {
  const simulator = await startIobotSimulator({ apiKey: LOCAL_API_KEY, ...options.simulator });
  const ses = await startSesEmulator({ host: '127.0.0.1', port: 0 });
  const sesUrl = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
  const secrets = await startLocalSecretsManager({ [LOCAL_SECRET_ID]: options.secret ?? JSON.stringify({ apiKey: LOCAL_API_KEY }) });
  const dynamo = await startLocalDynamo();

  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    // Placeholders: the SDK signs every request, the local stand-ins accept any signature.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_SES: sesUrl,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    REPORT_CONFIG: JSON.stringify(options.config(simulator.url)),
    IOBOT_SECRET_ID: LOCAL_SECRET_ID,
    LEDGER_TABLE_NAME: dynamo.tableName,
    POWERTOOLS_SERVICE_NAME: 'iobot-report-mailer',
    POWERTOOLS_METRICS_NAMESPACE: 'IOBotReportMailer',
    // Lambda runs Node 22; the SDK's notice about local Node 20 is noise in the local run.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };

  const inbox = async (): Promise<StoredEmail[]> => {
    const response = await fetch(`${sesUrl}/store`);
    return ((await response.json()) as { emails: StoredEmail[] }).emails;
  };

  return {
    simulator,
    sesUrl,
    secrets: secrets.secrets,
    env,
    inbox,
    clearInbox: async () => {
      await fetch(`${sesUrl}/clear-store`, { method: 'POST' });
    },
    emlOf: async (messageId) => {
      const response = await fetch(`${sesUrl}/get-emlContent?messageId=${encodeURIComponent(messageId)}`);
      const payload = (await response.json()) as { body: { type: 'Buffer'; data: number[] } | string };
      return typeof payload.body === 'string' ? payload.body : Buffer.from(payload.body.data).toString('utf8');
    },
    close: async () => {
      await Promise.all([
        simulator.close(),
        secrets.close(),
        dynamo.close(),
        new Promise<void>((resolve) => ses.close(() => resolve())),
      ]);
    },
  };
};
