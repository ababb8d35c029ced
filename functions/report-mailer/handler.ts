/**
 * The Lambda entry point of the monthly run: parses the event, resolves the run plan, runs the month
 * (or the watchdog's check, or a re-send from the archive) with the dependencies of run-dependencies.ts and maps the result (a failed
 * email fails the invocation).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { reportEventSchema } from './event.ts';
import { InvalidInputError } from '../shared/invalid-input-error.ts';
import { resolveRunPlan } from './run-plan.ts';
import { runMonthlyReport } from './monthly-run/run-monthly-report.ts';
import { resendFromArchive } from './resend/resend-from-archive.ts';
import { RunNotFinishedError } from './run-not-finished-error.ts';
import type { RunSummary } from './run-summary.ts';
import { ReportRunError } from './report-run-error.ts';
import type { MonthCheck } from './watchdog/verify-month.ts';
import { runWatchdog } from './watchdog/watchdog.ts';
import { reportMonthCheck, reportRun } from './operator-report/operator-report-email.ts';
import { getRuntime, operatorReportDeps, reportDeps, watchdogDeps } from './run-dependencies.ts';

// Created once per execution environment and reused by warm invocations.
const logger = new Logger();
const metrics = new Metrics();

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
    const runtime = getRuntime();
    const parsed = reportEventSchema.safeParse(event);
    if (!parsed.success) throw InvalidInputError.fromZod('event', parsed.error);
    const plan = resolveRunPlan(parsed.data, runtime.env.REPORT_CONFIG, new Date(), {
      ledgerRetentionDays: runtime.env.LEDGER_RETENTION_DAYS,
    });
    logger.appendKeys({ group: plan.group.name, period: plan.period.month });
    metrics.addDimension('group', plan.group.name);
    logger.info('Monthly report run', {
      event: parsed.data,
      range: { startDate: plan.period.startDate, endDate: plan.period.endDate, timeZone: plan.period.timeZone },
    });

    if (parsed.data.verify) {
      const check = await runWatchdog(plan, parsed.data, watchdogDeps(runtime, logger, metrics), new Date());
      await reportMonthCheck(plan.group, check, operatorReportDeps(runtime, logger), new Date());
      return check;
    }
    const startedAt = new Date();
    const deps = await reportDeps(runtime, plan, context, logger, metrics);
    const summary = plan.fromArchive ? await resendFromArchive(plan, deps) : await runMonthlyReport(plan, deps);
    logger.info('Monthly report done', { counts: summary.counts });
    await reportRun(plan.group, summary, startedAt, operatorReportDeps(runtime, logger));
    if (summary.counts.failed > 0 || summary.summaryEmail?.status === 'failed') throw new ReportRunError(summary);
    if (summary.counts.deferred > 0) throw new RunNotFinishedError(summary);
    return summary;
  } catch (error) {
    // The error's message is bounded; the log line carries the whole summary, every recipient included.
    if (error instanceof RunNotFinishedError)
      logger.warn('Monthly report run not finished', { error: error.message, summary: error.summary });
    else if (error instanceof ReportRunError) logger.error('Monthly report run failed', { error: error.message, summary: error.summary });
    else logger.error('Monthly report run failed', error as Error);
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
};
