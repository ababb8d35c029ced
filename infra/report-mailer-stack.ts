/**
 * The whole deployment in one stack: the IOBot secret, the send ledger, the report-mailer function and
 * its permissions, the schedules, the failure queues and the alarms.
 */
import { join } from 'node:path';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Stage, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { LoadedConfig } from './config-schema.ts';
import { DeliveryEvents } from './constructs/delivery-events.ts';
import { functionMemoryFor, warnAboveOneInvocation } from './function-memory.ts';
import { assertEnvironmentFits, buildLambdaEnvironment } from './lambda-environment.ts';
import { MissedMonthWatchdog } from './constructs/missed-month-watchdog.ts';
import { HANDLER_ENTRY, NodeFunction } from './node-function.ts';
import { REPORT_CONFIG_FILE_NAME, writeReportConfigFile, type ReportConfigFile } from './report-config-file.ts';
import { ReportAlarms } from './constructs/report-alarms.ts';
import { ReportArchive } from './constructs/report-archive.ts';
import { ReportSchedules } from './constructs/report-schedules.ts';
import { mailFromDomainOf, publishSenderDomainRecords } from './constructs/sender-domain-records.ts';
import { UnsubscribeEndpoint } from './constructs/unsubscribe-endpoint.ts';

export interface ReportMailerStackProps extends StackProps {
  readonly config: LoadedConfig;
  /** Handler source to bundle; defaults to HANDLER_ENTRY (the bundling test swaps in a probe). */
  readonly handlerEntry?: string;
}

export class ReportMailerStack extends Stack {
  readonly function: nodejs.NodejsFunction;
  readonly ledgerTable: dynamodb.Table;
  readonly secret: secretsmanager.ISecret;
  readonly alarmTopic: sns.Topic;
  readonly scheduleDeadLetterQueue: sqs.Queue;
  readonly failedRunsQueue: sqs.Queue;
  readonly schedules: scheduler.Schedule[];
  readonly alarms: ReportAlarms;
  readonly archive: ReportArchive;
  readonly unsubscribe: UnsubscribeEndpoint;
  /** The runtime config file bundled into the function's asset. */
  readonly reportConfigFile: ReportConfigFile;
  readonly deliveryEvents: DeliveryEvents;
  readonly watchdog: MissedMonthWatchdog;

  constructor(scope: Construct, id: string, props: ReportMailerStackProps) {
    super(scope, id, props);
    const { infra, runtime } = props.config;

    // ---------------------------------------------------------------- credentials
    // The secret holds {"apiKey": "..."} (sent as x-api-key) or {"token": "..."} (sent in the body).
    // Created with a generated placeholder that the handler rejects (neither key present); put the real
    // value with `aws secretsmanager put-secret-value` (README.md, "Deploy"). Later deploys keep it.
    let secretId: string;
    if (infra.secret.import) {
      this.secret = secretsmanager.Secret.fromSecretNameV2(this, 'IobotSecret', infra.secret.name);
      // A name is a complete SecretId; the partial ARN of a name-imported secret is not.
      secretId = infra.secret.name;
    } else {
      const secret = new secretsmanager.Secret(this, 'IobotSecret', {
        secretName: infra.secret.name,
        description: 'IOBot API credentials for iobot-report-mailer: {"apiKey": "..."} or {"token": "..."}',
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ replaceWith: '{"apiKey": "..."} or {"token": "..."}' }),
          generateStringKey: 'placeholder',
          excludePunctuation: true,
        },
        // Deleting the stack must not delete a credential someone put by hand.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Vendor-issued IOBot API key/token: Secrets Manager cannot rotate it (no rotation API on the IOBot ' +
          'side); it is replaced by hand with put-secret-value when IOBot issues a new one.',
      });
      this.secret = secret;
      secretId = secret.secretArn;
    }

    // ---------------------------------------------------------------- send ledger
    // One item per (group, period, company, recipients): makes retries and re-runs idempotent.
    this.ledgerTable = new dynamodb.Table(this, 'LedgerTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The ledger is what stops a re-deployed stack from mailing a month twice: keep it.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Every email sent: its raw MIME, written after its claim and before the SES call.
    this.archive = new ReportArchive(this, 'Archive', { settings: infra.archive });
    // One-click unsubscribe link of every email, and the suppression list the mailer honours.
    this.unsubscribe = new UnsubscribeEndpoint(this, 'Unsubscribe', {
      logRetentionDays: infra.logRetentionDays,
      reservedConcurrency: infra.reservedConcurrency === null ? undefined : 2,
    });

    // ---------------------------------------------------------------- failure queues
    const queueProps: sqs.QueueProps = {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    };
    // Scheduler could not invoke the function (after its own 2 retries).
    this.scheduleDeadLetterQueue = new sqs.Queue(this, 'ScheduleDeadLetterQueue', queueProps);
    // The function failed an async (scheduled) run after Lambda's 2 retries: the event and the error.
    this.failedRunsQueue = new sqs.Queue(this, 'FailedRunsQueue', queueProps);
    for (const queue of [this.scheduleDeadLetterQueue, this.failedRunsQueue]) {
      Validations.of(queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a dead-letter destination (EventBridge Scheduler DLQ / Lambda on-failure ' +
          'destination), read by a person after an alarm; it has no consumer whose failures need a DLQ.',
      });
    }

    // ---------------------------------------------------------------- SES events → ledger
    this.deliveryEvents = new DeliveryEvents(this, 'DeliveryEvents', {
      ledgerTable: this.ledgerTable,
      logRetentionDays: infra.logRetentionDays,
    });

    // ---------------------------------------------------------------- function
    // The runtime config, validated by loadConfig, goes into the code asset (no 4 KB ceiling); the
    // cloud assembly keeps the copy that was bundled.
    this.reportConfigFile = writeReportConfigFile(runtime, join(Stage.of(this)?.outdir ?? '.', 'report-config'));
    const memoryMb = functionMemoryFor(runtime.sendRatePerSecond);
    warnAboveOneInvocation(this, runtime.sendRatePerSecond);
    const environment = buildLambdaEnvironment(this.reportConfigFile, {
      secretId,
      ledgerTableName: this.ledgerTable.tableName,
      archiveBucketName: this.archive.bucket.bucketName,
      suppressionTableName: this.unsubscribe.suppressionTable.tableName,
      unsubscribeKeySecretId: this.unsubscribe.key.secretArn,
      unsubscribeUrl: this.unsubscribe.url.url,
      unsubscribeMailto: infra.unsubscribeMailto ?? infra.alarmEmail,
      configurationSetName: this.deliveryEvents.configurationSet.configurationSetName,
      memoryMb,
    });
    assertEnvironmentFits(environment);

    const reportMailer = new NodeFunction(this, 'ReportMailer', {
      description: 'Monthly IOBot metrics report, one email per company (SES SendRawEmail)',
      roleDescription: 'iobot-report-mailer function: its log group, the IOBot secret, the ledger, SES send',
      entry: props.handlerEntry ?? HANDLER_ENTRY,
      logRetentionDays: infra.logRetentionDays,
      memorySize: memoryMb,
      timeout: Duration.minutes(5),
      environment,
      assetFiles: { [REPORT_CONFIG_FILE_NAME]: this.reportConfigFile.path },
      // See `reservedConcurrency` in config-schema.ts: 1 = runs never overlap; null = unreserved pool.
      reservedConcurrentExecutions: infra.reservedConcurrency ?? undefined,
      // Async (scheduled) invokes: 2 retries; the ledger makes them safe (sent companies are skipped).
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new lambdaDestinations.SqsDestination(this.failedRunsQueue),
    });
    this.function = reportMailer.function;
    const fn = this.function;
    const role = reportMailer.role;

    // ---------------------------------------------------------------- permissions (least privilege)
    this.secret.grantRead(fn);
    if (infra.secret.import) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${infra.secret.name}-??????]`,
        reason:
          'An existing secret imported by name: its ARN ends in a random 6-character suffix we cannot know ' +
          'at synth; "-??????" matches exactly one secret of that name.',
      });
    }

    // No DeleteItem: the ledger never deletes (a released claim is an update), and TTL needs no grant.
    this.ledgerTable.grant(fn, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');

    this.archive.grantArchiving(
      role,
      runtime.groups.map((group) => group.name),
    );
    this.unsubscribe.grantMailer(fn);

    const identity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: infra.sesIdentity.includes('@') ? ses.Identity.email(infra.sesIdentity) : ses.Identity.domain(infra.sesIdentity),
      mailFromDomain: mailFromDomainOf(infra),
      // Until its MX is published (or if it breaks), SES falls back to its own MAIL FROM instead of refusing.
      mailFromBehaviorOnMxFailure: ses.MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
    });
    const sendResources = [
      identity.emailIdentityArn,
      // Every send names the configuration set, and SES authorises against it too.
      this.deliveryEvents.configurationSetArn,
      // In the SES sandbox, SES also authorises against each verified recipient identity.
      ...infra.sandboxRecipientIdentities.map((recipient) =>
        this.formatArn({ service: 'ses', resource: 'identity', resourceName: recipient }),
      ),
    ];
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SendReportsAsTheConfiguredSender',
        actions: ['ses:SendRawEmail'],
        resources: sendResources,
        conditions: { StringEquals: { 'ses:FromAddress': runtime.sender.address } },
      }),
    );

    // ---------------------------------------------------------------- schedules and alarms
    this.schedules = new ReportSchedules(this, 'Schedules', {
      groups: runtime.groups,
      target: fn,
      deadLetterQueue: this.scheduleDeadLetterQueue,
    }).schedules;
    this.alarms = new ReportAlarms(this, 'Alarms', {
      alarmEmail: infra.alarmEmail,
      groupNames: runtime.groups.map((group) => group.name),
      reportFunction: fn,
      scheduleDeadLetterQueue: this.scheduleDeadLetterQueue,
      failedRunsQueue: this.failedRunsQueue,
    });
    this.alarmTopic = this.alarms.topic;
    this.deliveryEvents.addAlarms(
      this.alarms,
      runtime.groups.map((group) => group.name),
    );
    const { groups, missedMonthAfterHours } = runtime;
    this.watchdog = new MissedMonthWatchdog(this, 'Watchdog', {
      groups,
      missedMonthAfterHours,
      target: fn,
      deadLetterQueue: this.scheduleDeadLetterQueue,
      alarms: this.alarms,
    });

    // ---------------------------------------------------------------- outputs
    new CfnOutput(this, 'FunctionName', { value: fn.functionName, description: 'Report mailer function' });
    new CfnOutput(this, 'FunctionTestConsoleUrl', {
      description: 'Lambda console Test tab: run a month by hand (test events in README.md, "Run a month by hand")',
      value: `https://${Aws.REGION}.console.aws.amazon.com/lambda/home?region=${Aws.REGION}#/functions/${fn.functionName}?tab=testing`,
    });
    new CfnOutput(this, 'FunctionLogGroupName', { value: reportMailer.logGroup.logGroupName });
    new CfnOutput(this, 'SecretName', { value: this.secret.secretName, description: 'Put the IOBot credentials here' });
    new CfnOutput(this, 'SecretArn', { value: this.secret.secretArn });
    new CfnOutput(this, 'LedgerTableName', { value: this.ledgerTable.tableName });
    new CfnOutput(this, 'UnsubscribeUrl', {
      value: this.unsubscribe.url.url,
      description: 'One-click unsubscribe endpoint (Function URL)',
    });
    new CfnOutput(this, 'SuppressionTableName', { value: this.unsubscribe.suppressionTable.tableName });
    new CfnOutput(this, 'ArchiveBucketName', {
      value: this.archive.bucket.bucketName,
      description: 'Every email sent: <group>/<month>/<company>/<attempt>/',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    publishSenderDomainRecords(this, identity, infra);
  }
}
