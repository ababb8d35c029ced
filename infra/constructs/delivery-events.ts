/**
 * What SES says happened after the send: a configuration set every report names, its event destination
 * on the default EventBridge bus, and a small consumer (its own role, log group and DLQ) that records
 * each event on the email's send-ledger item.
 */
import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../lambda-environment.ts';
import { NodeFunction, repoPath } from '../node-function.ts';
import type { ReportAlarms } from './report-alarms.ts';

export const DELIVERY_EVENTS_ENTRY = repoPath('functions/delivery-events/handler.ts');

/** The SES events the consumer records, with the detail-type EventBridge gives each. */
const TRACKED = [
  [ses.EmailSendingEvent.SEND, 'Email Sent'],
  [ses.EmailSendingEvent.DELIVERY, 'Email Delivered'],
  [ses.EmailSendingEvent.BOUNCE, 'Email Bounced'],
  [ses.EmailSendingEvent.COMPLAINT, 'Email Complaint Received'],
  [ses.EmailSendingEvent.REJECT, 'Email Rejected'],
  [ses.EmailSendingEvent.RENDERING_FAILURE, 'Email Rendering Failed'],
  [ses.EmailSendingEvent.DELIVERY_DELAY, 'Email Delivery Delayed'],
] as const;

export interface DeliveryEventsProps {
  ledgerTable: dynamodb.ITable;
  logRetentionDays: number;
}

export class DeliveryEvents extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly consumer: NodeFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: DeliveryEventsProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      // Reports carry business numbers: never hand them to a server that cannot do TLS.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: TRACKED.map(([event]) => event),
    });

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination of the delivery-events rule and function, read by a person after an alarm.',
    });

    this.consumer = new NodeFunction(this, 'Consumer', {
      description: 'Records SES delivery events (delivered, bounced, complained, delayed, rejected) on the send ledger',
      roleDescription: 'iobot-report-mailer delivery-events consumer: its log group, UpdateItem on the send ledger, its DLQ',
      entry: DELIVERY_EVENTS_ENTRY,
      logRetentionDays: props.logRetentionDays,
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: {
        LEDGER_TABLE_NAME: props.ledgerTable.tableName,
        SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      },
      retryAttempts: 2,
      onFailure: new lambdaDestinations.SqsDestination(this.deadLetterQueue),
    });
    // Conditional updates only: it never reads, creates or deletes a ledger item.
    props.ledgerTable.grant(this.consumer.function, 'dynamodb:UpdateItem');

    this.rule = new events.Rule(this, 'Rule', {
      description: 'SES events of the report mailer configuration set to the delivery-events consumer',
      eventPattern: {
        source: ['aws.ses'],
        detailType: TRACKED.map(([, detailType]) => detailType),
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
      targets: [
        new eventsTargets.LambdaFunction(this.consumer.function, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    new CfnOutput(this, 'SesConfigurationSetName', {
      value: this.configurationSet.configurationSetName,
      description: 'Every report names it; its events update the ledger',
    });
    new CfnOutput(this, 'ConsumerLogGroupName', {
      value: this.consumer.logGroup.logGroupName,
      description: 'The delivery-events consumer: what SES reported, and why an event was not recorded',
    });
  }

  /** The configuration set's ARN, which SendRawEmail also authorises against. */
  get configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }

  /** Per group: any hard bounce or complaint (the address is dead, or someone called the report spam). */
  addAlarms(alarms: ReportAlarms, groupNames: readonly string[]): void {
    const metric = (metricName: string, group: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: SERVICE_NAME, group },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
      });
    for (const group of groupNames) {
      alarms.add(
        `HardBounceOrComplaintAlarm-${group}`,
        new cloudwatch.MathExpression({
          expression: 'FILL(bounces, 0) + FILL(complaints, 0)',
          usingMetrics: { bounces: metric('DeliveryHardBounce', group), complaints: metric('DeliveryComplaint', group) },
          label: 'Hard bounces + complaints',
          period: Duration.minutes(5),
        }),
        `Group ${group}: a report email hard-bounced or a recipient marked it as spam (DeliveryHardBounce, DeliveryComplaint). ` +
          'The ledger item of that email names the address and SES\'s diagnostic: fix the address in the config and re-run that company with "force": true (the month is recorded, whatever the list).',
      );
    }
    alarms.addQueue(
      'DeliveryEventsDeadLetter',
      this.deadLetterQueue,
      'An SES event could not be recorded on the ledger (after retries): it is in the delivery-events DLQ, with the error in the consumer log group.',
    );
  }
}
