/**
 * The alarms an operator needs, each to one SNS topic with an email subscription: the function
 * failed, a group had companies that failed or were held, or an event sits in a failure queue.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../lambda-environment.ts';

export interface ReportAlarmsProps {
  alarmEmail: string;
  groupNames: readonly string[];
  reportFunction: lambda.IFunction;
  scheduleDeadLetterQueue: sqs.IQueue;
  failedRunsQueue: sqs.IQueue;
}

const PERIOD = Duration.minutes(5);

export class ReportAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ReportAlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: 'IOBot report mailer alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Carries only CloudWatch alarm state changes (no report data or credentials). CloudWatch cannot ' +
        'publish to a topic encrypted with the AWS-managed SNS key, and a customer-managed KMS key for ' +
        'alarm names is not worth its cost here; TLS is enforced (SNS3).',
    });
    this.topic.addSubscription(new snsSubscriptions.EmailSubscription(props.alarmEmail));

    // Per-company outcomes, published by the handler with Powertools (EMF) under the dimensions
    // service (Powertools' default) and group (added per run), so one alarm per group and metric.
    const companyMetric = (metricName: string, groupName: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: SERVICE_NAME, group: groupName },
        statistic: cloudwatch.Stats.SUM,
        period: PERIOD,
      });

    this.add(
      'FunctionErrorsAlarm',
      props.reportFunction.metricErrors({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
      'A report-mailer run ended in an error (see the function logs; Lambda retries scheduled runs twice).',
    );
    for (const group of props.groupNames) {
      this.add(
        `CompaniesFailedAlarm-${group}`,
        companyMetric('CompaniesFailed', group),
        `Group ${group}: at least one company report could not be sent (CompaniesFailed). The ledger lets a re-run send only the missing ones.`,
      );
      this.add(
        `CompaniesHeldAlarm-${group}`,
        companyMetric('CompaniesHeld', group),
        `Group ${group}: at least one company report was held back because its numbers failed the consistency checks (CompaniesHeld).`,
      );
      this.add(
        `CompaniesUncertainAlarm-${group}`,
        companyMetric('CompaniesUncertain', group),
        `Group ${group}: an email was handed to SES but its answer was never recorded (CompaniesUncertain). It is never re-sent automatically: ` +
          'the SES Send event settles it; otherwise check the recipient inbox or the logs and re-run that company with "force": true.',
      );
    }
    this.addQueue(
      'ScheduleDeadLetter',
      props.scheduleDeadLetterQueue,
      'EventBridge Scheduler could not invoke the report mailer: the event is in the schedule DLQ.',
    );
    this.addQueue(
      'FailedRuns',
      props.failedRunsQueue,
      'A scheduled run failed after all Lambda retries: the event and error are in the failed-runs queue.',
    );
  }

  /**
   * Two alarms per failure queue. Depth says "something is still waiting here", but stays in ALARM while
   * a message sits in the queue, so a second failure would notify nobody; arrivals (NumberOfMessagesSent,
   * counted when Scheduler or Lambda put a message there) go back to OK after a quiet period and fire
   * again on every new failure.
   */
  addQueue(id: string, queue: sqs.IQueue, description: string): void {
    this.add(
      `${id}Alarm`,
      queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM }),
      `${description} This alarm: messages are waiting in the queue.`,
    );
    this.add(
      `${id}ArrivalsAlarm`,
      queue.metricNumberOfMessagesSent({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
      `${description} This alarm: a new message arrived (it fires again for every new failure, even while older ones wait).`,
    );
  }

  /** An alarm on any occurrence: a monthly job has no data most of the time, which is not a problem. */
  add(id: string, metric: cloudwatch.IMetric, description: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
