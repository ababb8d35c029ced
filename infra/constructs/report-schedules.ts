/**
 * One EventBridge Scheduler schedule per report group, in the group's own time zone, invoking the
 * report mailer with the schedule's scheduled time (so a retry hours later reports the same month).
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ReportGroup } from '../../functions/config/config-schema.ts';
import { schedulerInvokeRole } from './scheduler-invoke-role.ts';

export interface ReportSchedulesProps {
  groups: readonly ReportGroup[];
  target: lambda.IFunction;
  /** Where Scheduler puts an event it could not deliver after its retries. */
  deadLetterQueue: sqs.IQueue;
}

export class ReportSchedules extends Construct {
  readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: ReportSchedulesProps) {
    super(scope, id);
    const role = schedulerInvokeRole(this, props.target, 'EventBridge Scheduler: invoke the iobot-report-mailer function, write its DLQ');

    for (const group of props.groups) {
      const { dayOfMonth, hour, minute } = group.schedule;
      this.schedules.push(
        new scheduler.Schedule(this, `Schedule-${group.name}`, {
          description:
            `IOBot monthly report, group ${group.name}: day ${dayOfMonth} at ` +
            `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')} ${group.timeZone}`,
          schedule: scheduler.ScheduleExpression.cron({
            minute: String(minute),
            hour: String(hour),
            day: String(dayOfMonth),
            month: '*',
            year: '*',
            timeZone: TimeZone.of(group.timeZone),
          }),
          target: new schedulerTargets.LambdaInvoke(props.target, {
            role,
            // scheduledTime, not "now": a run retried hours later still reports the month it was meant for.
            input: scheduler.ScheduleTargetInput.fromObject({ group: group.name, scheduledTime: scheduler.ContextAttribute.scheduledTime }),
            retryAttempts: 2, // never the default 185: each retry could be a new run of the whole group
            maxEventAge: Duration.hours(6),
            deadLetterQueue: props.deadLetterQueue,
          }),
        }),
      );
    }
  }
}
