/**
 * The missed-month watchdog: per group, a daily schedule at the deadline's time of day (scheduled time +
 * `missedMonthAfterHours`) invoking the report mailer with `"verify": true`, and two alarms:
 * - MissedMonth: the check at the deadline found an email of the month not sent. It reads only the
 *   ledger, so it fires even when the run never started (schedule disabled or deleted, function never
 *   invoked, every retry exhausted).
 * - WatchdogSilent: no heartbeat for two days (the watchdog's own schedule is gone or disabled, or the
 *   function cannot start). Missing data counts as breaching: silence is the failure.
 * Why daily and not once a month: a monthly check could not tell "all good" from "the check never ran";
 * a daily heartbeat can, within two days, at the price of about 30 short invocations a month per group.
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ReportGroup } from '../../functions/config/config-schema.ts';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../lambda-environment.ts';
import type { ReportAlarms } from './report-alarms.ts';
import { schedulerInvokeRole } from './scheduler-invoke-role.ts';

export interface MissedMonthWatchdogProps {
  groups: readonly ReportGroup[];
  missedMonthAfterHours: number;
  target: lambda.IFunction;
  deadLetterQueue: sqs.IQueue;
  alarms: ReportAlarms;
}

/** The deadline's local time of day: the group's scheduled time plus the hours, wrapped past midnight. */
export const watchdogTimeOfDay = (group: ReportGroup, hours: number): { hour: number; minute: number } => {
  const minutes = (group.schedule.hour * 60 + group.schedule.minute + hours * 60) % 1440;
  return { hour: Math.floor(minutes / 60), minute: minutes % 60 };
};

export class MissedMonthWatchdog extends Construct {
  readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: MissedMonthWatchdogProps) {
    super(scope, id);
    const role = schedulerInvokeRole(
      this,
      props.target,
      'EventBridge Scheduler: invoke the iobot-report-mailer function in verify mode, write its DLQ',
    );

    for (const group of props.groups) {
      const { hour, minute } = watchdogTimeOfDay(group, props.missedMonthAfterHours);
      this.schedules.push(
        new scheduler.Schedule(this, `Watchdog-${group.name}`, {
          description: `Missed-month watchdog, group ${group.name}: daily at ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')} ${group.timeZone}; checks the ledger ${props.missedMonthAfterHours} h after the monthly run`,
          schedule: scheduler.ScheduleExpression.cron({
            minute: String(minute),
            hour: String(hour),
            day: '*',
            month: '*',
            year: '*',
            timeZone: TimeZone.of(group.timeZone),
          }),
          target: new schedulerTargets.LambdaInvoke(props.target, {
            role,
            input: scheduler.ScheduleTargetInput.fromObject({
              group: group.name,
              verify: true,
              scheduledTime: scheduler.ContextAttribute.scheduledTime,
            }),
            retryAttempts: 2,
            maxEventAge: Duration.hours(6),
            deadLetterQueue: props.deadLetterQueue,
          }),
        }),
      );
      const metric = (metricName: string, period: Duration) =>
        new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName,
          dimensionsMap: { service: SERVICE_NAME, group: group.name },
          statistic: cloudwatch.Stats.SUM,
          period,
        });
      props.alarms.add(
        `MissedMonthAlarm-${group.name}`,
        metric('MonthIncomplete', Duration.minutes(5)),
        `Group ${group.name}: ${props.missedMonthAfterHours} h after the scheduled run, the send ledger does not hold every email of the month (MonthIncomplete). ` +
          'The watchdog log line "Month incomplete after its deadline" (and the operator report) lists each missing company; re-run the month from the Test tab: only the missing ones go out.',
      );
      const silent = new cloudwatch.Alarm(this, `WatchdogSilentAlarm-${group.name}`, {
        metric: metric('WatchdogChecks', Duration.days(1)),
        alarmDescription: `Group ${group.name}: the missed-month watchdog has not run for two days (no WatchdogChecks). Its schedule may be disabled or deleted, or the function cannot start: check EventBridge Scheduler and the function's log group.`,
        threshold: 1,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
      silent.addAlarmAction(new cloudwatchActions.SnsAction(props.alarms.topic));
      props.alarms.alarms.push(silent);
    }
  }
}
