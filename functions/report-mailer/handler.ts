/**
 * The Lambda entry point of the monthly run: parses the environment and the event, resolves the run
 * plan, reads the credentials, runs the month and maps the result (a failed email fails the invocation).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { Context } from 'aws-lambda';
import { loadCredentials } from '../iobot/credentials.ts';
import { parseEnvironment, type Environment } from './environment.ts';
import { reportEventSchema } from './event.ts';
import { InvalidInputError } from '../shared/invalid-input-error.ts';
import { createIobotClient } from '../iobot/iobot-client.ts';
import { createRateLimiter } from '../delivery/rate-limiter.ts';
import { resolveRunPlan } from './run-plan.ts';
import { runMonthlyReport } from './run-monthly-report.ts';
import { MAX_SEND_CONCURRENCY, sendPoolSize } from './deliver-companies.ts';
import { RunNotFinishedError } from './run-not-finished-error.ts';
import { createTimeBudget, NO_DEADLINE, reserveFor } from './time-budget.ts';
import type { RunSummary } from './run-summary.ts';
import { ReportRunError } from './report-run-error.ts';
import { createSesSender } from '../delivery/ses-sender.ts';
import { createDynamoLedger } from '../delivery/send-ledger.ts';
import { createAwsClients } from './aws-clients.ts';
import { createS3Archive } from '../delivery/email-archive.ts';
import { createDynamoSuppressionList } from '../shared/suppression-list.ts';
import type { MonthCheck } from './verify-month.ts';
import { runWatchdog } from './watchdog.ts';
import { reportMonthCheck, reportRun, type OperatorReportDeps } from './operator-report-email.ts';

// Created once per execution environment and reused by warm invocations.
const logger = new Logger();
const metrics = new Metrics();

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
    sendRaw: createSesSender(clients.ses),
    s3: clients.s3,
  };
};
let runtime: ReturnType<typeof setUp> | undefined;
const getRuntime = () => (runtime ??= setUp(parseEnvironment(process.env)));
const operatorReportDeps = ({ env, sendRaw, documents }: ReturnType<typeof setUp>): OperatorReportDeps => ({
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

const ledgerOf = ({ env, documents }: ReturnType<typeof setUp>) =>
  createDynamoLedger(documents, { tableName: env.LEDGER_TABLE_NAME, leaseMs: env.LEDGER_LEASE_SECONDS * 1000 });

export { ReportRunError };

/**
 * Entry point for the monthly schedule, the watchdog schedule (`"verify": true`: returns the month's
 * check) and console test events. Returns the run summary; throws (so Lambda retries and alarms fire)
 * when the input is invalid or any email failed.
 */
export const handler = async (event: unknown, context?: Context): Promise<RunSummary | MonthCheck> => {
  if (context) logger.addContext(context);
  logger.resetKeys();
  try {
    const setup = getRuntime();
    const { env, secrets, documents, sendRaw, s3 } = setup;
    const parsed = reportEventSchema.safeParse(event);
    if (!parsed.success) throw InvalidInputError.fromZod('event', parsed.error);
    const plan = resolveRunPlan(parsed.data, env.REPORT_CONFIG, new Date());
    logger.appendKeys({ group: plan.group.name, period: plan.period.month });
    metrics.addDimension('group', plan.group.name);
    logger.info('Monthly report run', {
      event: parsed.data,
      range: { startDate: plan.period.startDate, endDate: plan.period.endDate, timeZone: plan.period.timeZone },
    });

    if (parsed.data.verify) {
      const check = await runWatchdog(plan, parsed.data, { ledger: ledgerOf(setup), missedMonthAfterHours: env.REPORT_CONFIG.missedMonthAfterHours, logger, metrics }, new Date());
      await reportMonthCheck(plan.group, check, operatorReportDeps(setup), new Date());
      return check;
    }
    const startedAt = new Date();

    const credentials = await loadCredentials(
      async (secretId) => {
        const value = await secrets.get(secretId, { maxAge: env.SECRET_MAX_AGE_SECONDS });
        return value instanceof Uint8Array ? new TextDecoder().decode(value) : value;
      },
      env.IOBOT_SECRET_ID,
    );
    const unsubscribeKey = await secrets.get(env.UNSUBSCRIBE_KEY_SECRET_ID, { maxAge: env.SECRET_MAX_AGE_SECONDS });
    if (typeof unsubscribeKey !== 'string') throw new InvalidInputError('the unsubscribe key secret is not a string');
    const iobot = createIobotClient({
      baseUrl: env.REPORT_CONFIG.apiBaseUrl,
      timeoutMs: env.IOBOT_TIMEOUT_MS,
      retries: env.IOBOT_RETRIES,
      maxResponseBytes: env.IOBOT_MAX_RESPONSE_BYTES,
    });

    const sendRatePerSecond = env.REPORT_CONFIG.sendRatePerSecond;
    const sendConcurrency = env.SEND_CONCURRENCY ?? sendPoolSize(sendRatePerSecond);
    const budget = context
      ? createTimeBudget(() => context.getRemainingTimeInMillis(), reserveFor({ concurrency: sendConcurrency, sendRatePerSecond, finishMs: env.TIME_RESERVE_SECONDS * 1000 }))
      : NO_DEADLINE;
    const summary = await runMonthlyReport(plan, {
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
      ledger: ledgerOf(setup),
      archive: createS3Archive(s3, env.ARCHIVE_BUCKET_NAME),
      suppressions: createDynamoSuppressionList(documents, env.SUPPRESSION_TABLE_NAME),
      unsubscribe: { baseUrl: env.UNSUBSCRIBE_URL, mailto: env.UNSUBSCRIBE_MAILTO, key: unsubscribeKey },
      throttle: createRateLimiter(sendRatePerSecond),
      sendRatePerSecond,
      sendConcurrency,
      budget,
      pageSize: env.IOBOT_PAGE_SIZE,
      logger,
      metrics,
    });
    logger.info('Monthly report done', { counts: summary.counts });
    await reportRun(plan.group, summary, startedAt, operatorReportDeps(setup));
    if (summary.counts.failed > 0 || summary.summaryEmail?.status === 'failed') throw new ReportRunError(summary);
    if (summary.counts.deferred > 0) throw new RunNotFinishedError(summary);
    return summary;
  } catch (error) {
    // The error's message is bounded; the log line carries the whole summary, every recipient included.
    if (error instanceof RunNotFinishedError) logger.warn('Monthly report run not finished', { error: error.message, summary: error.summary });
    else if (error instanceof ReportRunError) logger.error('Monthly report run failed', { error: error.message, summary: error.summary });
    else logger.error('Monthly report run failed', error as Error);
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
};
