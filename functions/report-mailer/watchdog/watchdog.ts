/**
 * Verify mode (`"verify": true`): the missed-month watchdog. Its schedule fires every day at the
 * deadline's time of day; the firing at the deadline checks the month in the ledger, every firing
 * publishes a heartbeat, so an alarm also notices when the watchdog itself stops running.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { SendLedger } from '../../ledger/send-ledger.ts';
import { InvalidInputError } from '../../shared/invalid-input-error.ts';
import type { ReportEvent } from '../event.ts';
import type { RunPlan } from '../run-plan.ts';
import { deadlineFor, isCheckDue, verifyMonth, type MonthCheck } from './verify-month.ts';

export interface WatchdogDeps {
  ledger: SendLedger;
  /** Hours after the scheduled time by which every email of the month must be out. */
  missedMonthAfterHours: number;
  logger: Logger;
  metrics: Metrics;
}

/** Checks the month (an explicit `month` always; a scheduled firing only at the deadline); sends nothing. */
export const runWatchdog = async (plan: RunPlan, event: ReportEvent, deps: WatchdogDeps, now: Date): Promise<MonthCheck> => {
  // Verify sends nothing: an option that only makes sense for a send is a mistake, not something to ignore.
  const sendOptions: string[] = [
    ...(['companies', 'redirectTo'] as const).filter((key) => event[key] !== undefined),
    ...(['dryRun', 'force', 'sendIncompleteSummary'] as const).filter((key) => event[key] === true),
  ];
  if (sendOptions.length > 0) {
    throw new InvalidInputError(
      `Invalid event:\nverify: checks the whole month and sends nothing; remove ${sendOptions.map((key) => JSON.stringify(key)).join(', ')}`,
    );
  }
  const hours = deps.missedMonthAfterHours;
  let check: Parameters<typeof verifyMonth>[1];
  if (event.month) {
    // The deadline of the run that reports this month: its scheduled time in the month after.
    const { deadline } = deadlineFor(plan.group, new Date(new Date(plan.period.endDate).getTime() + 1), hours);
    check = { period: plan.period, deadline, due: true, now };
  } else {
    const at = event.scheduledTime ? new Date(event.scheduledTime) : now;
    const { deadline, period } = deadlineFor(plan.group, at, hours);
    check = { period, deadline, due: isCheckDue(deadline, at), now };
  }
  const result = await verifyMonth(plan.group, check, deps.ledger);

  deps.metrics.addMetric('WatchdogChecks', MetricUnit.Count, 1);
  if (result.due) deps.metrics.addMetric('MonthIncomplete', MetricUnit.Count, result.gaps);
  if (result.gaps > 0) deps.logger.error('Month incomplete after its deadline', { check: result });
  else
    deps.logger.info(result.due ? 'Month complete' : 'Watchdog alive; the month is not due yet', {
      month: result.month,
      deadline: result.deadline,
    });
  return result;
};
