import { beforeAll, describe, expect, it } from 'vitest';
import type { Template } from 'aws-cdk-lib/assertions';
import { runtimeConfigSchema } from '../../functions/config/config-schema.ts';
import { watchdogTimeOfDay } from '../../infra/constructs/missed-month-watchdog.ts';
import { mailerFunction, resourceNamed, synthesizeDefault } from './synth.ts';

describe('MissedMonthWatchdog', () => {
  let template: Template;
  let fnId: string;
  let topicId: string;

  beforeAll(() => {
    const synthesized = synthesizeDefault();
    template = synthesized.template;
    [fnId] = mailerFunction(template);
    topicId = synthesized.stack.getLogicalId(synthesized.stack.alarmTopic.node.defaultChild as never);
  });

  it('invokes the function in verify mode every day at the scheduled time + 6 h, in the group time zone', () => {
    const [, schedule] = resourceNamed(template, 'AWS::Scheduler::Schedule', 'WatchdogWatchdog');

    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 13 * * ? *)',
      ScheduleExpressionTimezone: 'America/Tegucigalpa',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        Input: JSON.stringify({ group: 'aquatec', verify: true, scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 },
      },
    });
  });

  it('alarms on an incomplete month, and when the watchdog stays silent for two days (missing data breaches)', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'MonthIncomplete',
      Dimensions: [
        { Name: 'group', Value: 'aquatec' },
        { Name: 'service', Value: 'iobot-report-mailer' },
      ],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'WatchdogChecks',
      Statistic: 'Sum',
      Period: 86_400,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it('wraps the time of day past midnight', () => {
    const group = runtimeConfigSchema.parse({
      sender: { address: 'r@example.com', name: 'R' },
      apiBaseUrl: 'https://api.example.com',
      groups: [
        {
          name: 'g',
          businessId: 1,
          timeZone: 'UTC',
          schedule: { dayOfMonth: 2, hour: 21, minute: 30 },
          companies: [{ id: 1, to: ['a@example.com'] }],
        },
      ],
    }).groups[0]!;

    expect(watchdogTimeOfDay(group, 6)).toEqual({ hour: 3, minute: 30 });
  });
});
