import type { Context } from 'aws-lambda';
import { demoConfig } from '../../dev/demo-config.ts';
import { startLocalStack, type LocalStack } from '../../dev/local-stack.ts';
import { startDynamoFaultProxy, type DynamoFaultProxy } from '../../dev/stand-ins/dynamodb-fault-proxy.ts';
import { startSesFaultProxy, type SesFaultProxy } from '../../dev/stand-ins/ses-fault-proxy.ts';
import type { SimulatorOptions } from '../../dev/stand-ins/iobot-simulator.ts';
import type { RuntimeConfigInput } from '../../functions/config/config-schema.ts';
import type { RunSummary } from '../../functions/report-mailer/run-summary.ts';
import type { MonthCheck } from '../../functions/report-mailer/watchdog/verify-month.ts';

type Handler = typeof import('../../functions/report-mailer/handler.ts');

export interface LocalHandler {
  stack: LocalStack;
  ses: SesFaultProxy;
  /** Between the handler and the local DynamoDB: fails chosen ledger writes. */
  dynamo: DynamoFaultProxy;
  /** A run (the handler answers a RunSummary unless the event says `"verify": true`). */
  handler: (event: unknown, context?: Context) => Promise<RunSummary>;
  /** The same handler in verify mode (the missed-month watchdog). */
  verify: (event: Record<string, unknown>) => Promise<MonthCheck>;
  ReportRunError: Handler['ReportRunError'];
  /** Everything the handler logged (stdout/stderr), for "never the token in a log line" checks. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * The real handler module wired to the local stack, with the SES fault proxy in between. Call once
 * per test file: the handler reads its environment once, like a Lambda execution environment.
 */
export const startLocalHandler = async (
  options: {
    config?: (apiBaseUrl: string) => RuntimeConfigInput;
    simulator?: SimulatorOptions;
    secret?: string;
    env?: Record<string, string>;
  } = {},
): Promise<LocalHandler> => {
  const stack = await startLocalStack({
    config: options.config ?? demoConfig(),
    ...(options.simulator ? { simulator: options.simulator } : {}),
    ...(options.secret ? { secret: options.secret } : {}),
  });
  const ses = await startSesFaultProxy(stack.sesUrl);
  const dynamo = await startDynamoFaultProxy(stack.env.AWS_ENDPOINT_URL_DYNAMODB as string);
  Object.assign(process.env, stack.env, {
    AWS_ENDPOINT_URL_SES: ses.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_METRICS_DISABLED: 'false',
    IOBOT_RETRIES: '2',
    // The suites report fixed months of 2025 (each test its own): a ledger that remembers a century
    // keeps them sendable whatever today's date (run-plan.ts refuses months the ledger may have forgotten).
    LEDGER_RETENTION_DAYS: '36500',
    ...options.env,
  });
  const logs: string[] = [];
  const capture = (stream: NodeJS.WriteStream) => {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logs.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
      callback?.();
      return true;
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  };
  // Powertools writes JSON lines to stdout; keep them for assertions instead of the test output.
  const restore = [capture(process.stdout), capture(process.stderr)];
  const module = (await import('../../functions/report-mailer/handler.ts')) as Handler;
  return {
    stack,
    ses,
    dynamo,
    handler: module.handler as (event: unknown, context?: Context) => Promise<RunSummary>,
    verify: (event) => module.handler({ ...event, verify: true }) as Promise<MonthCheck>,
    ReportRunError: module.ReportRunError,
    logs,
    close: async () => {
      restore.forEach((undo) => undo());
      await ses.close();
      await dynamo.close();
      await stack.close();
    },
  };
};
