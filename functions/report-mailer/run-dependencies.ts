/**
 * The report mailer's wiring: the AWS clients built from the environment once per execution environment,
 * and from them the dependencies of the monthly run, the watchdog and the operator report.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { Context } from 'aws-lambda';
import { createS3Archive } from '../delivery/email-archive.ts';
import { createRateLimiter } from '../delivery/rate-limiter.ts';
import { createDynamoLedger } from '../ledger/dynamo-ledger.ts';
import { createSesSender } from '../delivery/ses-sender.ts';
import { loadCredentials } from '../iobot/credentials.ts';
import { createIobotClient } from '../iobot/iobot-client.ts';
import { parseUnsubscribeKeys } from '../shared/unsubscribe-token.ts';
import { InvalidInputError } from '../shared/invalid-input-error.ts';
import { createDynamoSuppressionList } from '../shared/suppression-list.ts';
import { suppressionSnapshot } from '../shared/suppression-snapshot.ts';
import { createAwsClients } from './aws-clients.ts';
import { MAX_SEND_CONCURRENCY, sendPoolSize } from './monthly-run/deliver-companies.ts';
import { parseEnvironment, type Environment } from './environment.ts';
import type { OperatorReportDeps } from './operator-report/operator-report-email.ts';
import type { ReportDeps } from './monthly-run/run-monthly-report.ts';
import type { RunPlan } from './run-plan.ts';
import { createTimeBudget, NO_DEADLINE, reserveFor } from './monthly-run/time-budget.ts';
import type { WatchdogDeps } from './watchdog/watchdog.ts';

/** The environment and the clients built from it (their timeouts are configured there). */
const setUp = (env: Environment) => {
  const clients = createAwsClients({
    connectionTimeoutMs: env.SDK_CONNECTION_TIMEOUT_MS,
    requestTimeoutMs: env.SDK_REQUEST_TIMEOUT_MS,
    // One attempt per SES call: SendRawEmail is not idempotent, so a retried timeout could send twice;
    // createSesSender retries only answered throttling.
    sesMaxAttempts: 1,
    // As many keep-alive sockets as the send pool can use, so concurrent sends reuse their connections.
    sesMaxSockets: MAX_SEND_CONCURRENCY,
  });
  return {
    env,
    secrets: new SecretsProvider({ awsSdkV3Client: clients.secrets }),
    documents: clients.documents,
    sendRaw: createSesSender(clients.ses, { maxInFlight: MAX_SEND_CONCURRENCY }),
    s3: clients.s3,
  };
};

export type Runtime = ReturnType<typeof setUp>;

/** How stale the run's view of the unsubscribes may get: one Query per group per minute, not per email. */
const SUPPRESSION_MAX_AGE_MS = 60_000;

let runtime: Runtime | undefined;
/** Parses the environment and builds the clients on the first call; warm invocations reuse them. */
export const getRuntime = (): Runtime => (runtime ??= setUp(parseEnvironment(process.env)));

const ledgerOf = ({ env, documents }: Runtime) =>
  createDynamoLedger(documents, {
    tableName: env.LEDGER_TABLE_NAME,
    leaseMs: env.LEDGER_LEASE_SECONDS * 1000,
    retentionDays: env.LEDGER_RETENTION_DAYS,
  });

export const operatorReportDeps = ({ env, sendRaw, documents }: Runtime, logger: Logger): OperatorReportDeps => ({
  config: env.REPORT_CONFIG,
  sendRaw,
  suppressions: createDynamoSuppressionList(documents, env.SUPPRESSION_TABLE_NAME),
  logger,
  console: {
    region: env.AWS_REGION,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME ?? `/aws/lambda/${env.AWS_LAMBDA_FUNCTION_NAME}`,
  },
});

export const watchdogDeps = (runtime: Runtime, logger: Logger, metrics: Metrics): WatchdogDeps => ({
  ledger: ledgerOf(runtime),
  missedMonthAfterHours: runtime.env.REPORT_CONFIG.missedMonthAfterHours,
  logger,
  metrics,
});

/**
 * What the monthly run needs: reads the IOBot credentials and the unsubscribe key (cached for
 * SECRET_MAX_AGE_SECONDS), and sizes the time budget from the invocation's context (none without one).
 */
export const reportDeps = async (
  runtime: Runtime,
  plan: RunPlan,
  context: Context | undefined,
  logger: Logger,
  metrics: Metrics,
): Promise<ReportDeps> => {
  const { env, secrets, documents, sendRaw, s3 } = runtime;
  const credentials = await loadCredentials(async (secretId) => {
    const value = await secrets.get(secretId, { maxAge: env.SECRET_MAX_AGE_SECONDS });
    return value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
  }, env.IOBOT_SECRET_ID);
  const unsubscribeKey = await secrets.get(env.UNSUBSCRIBE_KEY_SECRET_ID, { maxAge: env.SECRET_MAX_AGE_SECONDS });
  if (typeof unsubscribeKey !== 'string') throw new InvalidInputError('the unsubscribe key secret is not a string');
  const iobot = createIobotClient({
    baseUrl: env.REPORT_CONFIG.apiBaseUrl,
    timeoutMs: env.IOBOT_TIMEOUT_MS,
    retries: env.IOBOT_RETRIES,
    minRetryDelayMs: env.IOBOT_MIN_RETRY_DELAY_MS,
    maxResponseBytes: env.IOBOT_MAX_RESPONSE_BYTES,
  });

  const sendRatePerSecond = env.REPORT_CONFIG.sendRatePerSecond;
  const sendConcurrency = env.SEND_CONCURRENCY ?? sendPoolSize(sendRatePerSecond);
  const budget = context
    ? createTimeBudget(
        () => context.getRemainingTimeInMillis(),
        reserveFor({ concurrency: sendConcurrency, sendRatePerSecond, finishMs: env.TIME_RESERVE_SECONDS * 1000 }),
      )
    : NO_DEADLINE;
  return {
    sender: env.REPORT_CONFIG.sender,
    maxTableRows: env.REPORT_CONFIG.maxTableRows,
    historyMonths: env.HISTORY_MONTHS,
    maxConcurrentRequests: env.IOBOT_MAX_CONCURRENT_REQUESTS,
    fetchMonth: (period, includeBusinesses) =>
      iobot.fetchMultiReport({
        businessId: plan.group.businessId,
        startDate: period.startDate,
        endDate: period.endDate,
        ...(includeBusinesses ? { includeBusinesses } : {}),
        credentials,
      }),
    sendRaw,
    configurationSet: env.SES_CONFIGURATION_SET,
    ledger: ledgerOf(runtime),
    archive: createS3Archive(s3, env.ARCHIVE_BUCKET_NAME),
    suppressions: suppressionSnapshot(createDynamoSuppressionList(documents, env.SUPPRESSION_TABLE_NAME), {
      maxAgeMs: SUPPRESSION_MAX_AGE_MS,
    }),
    unsubscribe: { baseUrl: env.UNSUBSCRIBE_URL, mailto: env.UNSUBSCRIBE_MAILTO, keys: parseUnsubscribeKeys(unsubscribeKey) },
    throttle: createRateLimiter(sendRatePerSecond),
    requestId: context?.awsRequestId,
    sendRatePerSecond,
    sendConcurrency,
    budget,
    pageSize: env.IOBOT_PAGE_SIZE,
    logger,
    metrics,
  };
};
