import { fileURLToPath } from 'node:url';
import {
  Aws,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  TimeZone,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { LoadedConfig } from './config-schema.ts';
import { assertEnvironmentFits, buildLambdaEnvironment, METRICS_NAMESPACE, SERVICE_NAME } from './lambda-environment.ts';

const repoPath = (relative: string): string => fileURLToPath(new URL(`../${relative}`, import.meta.url));

/** Repository root and the files the bundler needs, independent of the directory `cdk` runs in. */
export const REPO_ROOT = repoPath('');
export const HANDLER_ENTRY = repoPath('functions/report-mailer/handler.ts');

/**
 * esbuild emits ESM (`.mjs`); CommonJS dependencies bundled into it (handlebars, nodemailer) still call
 * `require` for Node built-ins, which ESM does not define: give them one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

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
  readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: ReportMailerStackProps) {
    super(scope, id, props);
    const { infra, runtime } = props.config;

    // ---------------------------------------------------------------- credentials
    // The secret holds {"apiKey": "..."} (sent as x-api-key) or {"token": "..."} (sent in the body).
    // Created with a generated placeholder that the handler rejects (neither key present); put the real
    // value with `aws secretsmanager put-secret-value` (infra/README-deploy.md). Later deploys keep it.
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

    // ---------------------------------------------------------------- function
    const logGroup = new logs.LogGroup(this, 'FunctionLogGroup', {
      retention: infra.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole: logs only to its own log group.
    const role = new iam.Role(this, 'FunctionRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'iobot-report-mailer function: its log group, the IOBot secret, the ledger, SES send',
    });
    logGroup.grantWrite(role);

    const environment = buildLambdaEnvironment(runtime, {
      secretId,
      ledgerTableName: this.ledgerTable.tableName,
    });
    assertEnvironmentFits(environment);

    this.function = new nodejs.NodejsFunction(this, 'ReportMailerFunction', {
      description: 'Monthly IOBot metrics report, one email per company (SES SendRawEmail)',
      entry: props.handlerEntry ?? HANDLER_ENTRY,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: repoPath('package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.minutes(5),
      role,
      logGroup,
      environment,
      // See `reservedConcurrency` in config-schema.ts: 1 = runs never overlap; null = unreserved pool.
      reservedConcurrentExecutions: infra.reservedConcurrency ?? undefined,
      // Async (scheduled) invokes: 2 retries; the ledger makes them safe (sent companies are skipped).
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new lambdaDestinations.SqsDestination(this.failedRunsQueue),
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        keepNames: true, // error and class names stay readable in logs
        sourceMap: true,
        sourceMapMode: nodejs.SourceMapMode.DEFAULT,
        sourcesContent: false, // file:line in stack traces without shipping the sources twice
        // The AWS SDK is bundled too, on purpose: one tree-shaken file imports in about half the time of
        // the runtime's SDK (hundreds of files), and the code runs with the SDK version it was tested
        // with. `npm run bench` measures both (bundle size, cold import).
        externalModules: [],
        forceDockerBundling: false,
      },
    });
    const fn = this.function;
    // cfn-lint W3005: CDK makes the function depend on its role construct (role and default policy) so
    // it is never invoked before its permissions exist; the role half is also implied by the GetAtt.
    (fn.node.defaultChild as lambda.CfnFunction).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is pinned on purpose: the bundle targets node22 (esbuild) and the code is tested on it; ' +
        'the runtime is bumped together with the esbuild target, not by a library default.',
    });

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

    this.ledgerTable.grant(
      fn,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:Query',
    );

    const identity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: infra.sesIdentity.includes('@')
        ? ses.Identity.email(infra.sesIdentity)
        : ses.Identity.domain(infra.sesIdentity),
    });
    const sendResources = [
      identity.emailIdentityArn,
      // In the SES sandbox, SES also authorises against each verified recipient identity.
      ...infra.sandboxRecipientIdentities.map((recipient) =>
        this.formatArn({
          service: 'ses',
          resource: 'identity',
          resourceName: recipient,
        }),
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

    // ---------------------------------------------------------------- schedules
    // One role for all schedules (the target would otherwise create it), trusted only by Scheduler acting
    // for this account's default schedule group (confused-deputy guard).
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler: invoke the iobot-report-mailer function, write its DLQ',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': this.account,
            'aws:SourceArn': this.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
            }),
          },
        },
      }),
    });
    const functionLogicalId = this.getLogicalId(fn.node.defaultChild as lambda.CfnFunction);
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
      reason:
        'lambda:InvokeFunction on the report-mailer function and its versions/aliases (ARN:*), added by ' +
        'grantInvoke; no other function is reachable.',
    });
    for (const group of runtime.groups) {
      const { dayOfMonth, hour, minute } = group.schedule;
      const schedule = new scheduler.Schedule(this, `Schedule-${group.name}`, {
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
        target: new schedulerTargets.LambdaInvoke(fn, {
          role: schedulerRole,
          // scheduledTime, not "now": a run retried hours later still reports the month it was meant for.
          input: scheduler.ScheduleTargetInput.fromObject({
            group: group.name,
            scheduledTime: scheduler.ContextAttribute.scheduledTime,
          }),
          retryAttempts: 2, // never the default 185: each retry could be a new run of the whole group
          maxEventAge: Duration.hours(6),
          deadLetterQueue: this.scheduleDeadLetterQueue,
        }),
      });
      this.schedules.push(schedule);
    }

    // ---------------------------------------------------------------- operations
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'IOBot report mailer alarms',
      enforceSSL: true,
    });
    Validations.of(this.alarmTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Carries only CloudWatch alarm state changes (no report data or credentials). CloudWatch cannot ' +
        'publish to a topic encrypted with the AWS-managed SNS key, and a customer-managed KMS key for ' +
        'alarm names is not worth its cost here; TLS is enforced (SNS3).',
    });
    this.alarmTopic.addSubscription(new snsSubscriptions.EmailSubscription(infra.alarmEmail));
    const alarmAction = new cloudwatchActions.SnsAction(this.alarmTopic);

    const period = Duration.minutes(5);
    // Per-company outcomes, published by the handler with Powertools (EMF) under the dimensions
    // service (Powertools' default) and group (added per run), so one alarm per group and metric.
    const companyMetric = (metricName: string, groupName: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: SERVICE_NAME, group: groupName },
        statistic: cloudwatch.Stats.SUM,
        period,
      });

    const alarms: [id: string, metric: cloudwatch.IMetric, description: string][] = [
      [
        'FunctionErrorsAlarm',
        fn.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
        'A report-mailer run ended in an error (see the function logs; Lambda retries scheduled runs twice).',
      ],
      ...runtime.groups.flatMap((group): [string, cloudwatch.IMetric, string][] => [
        [
          `CompaniesFailedAlarm-${group.name}`,
          companyMetric('CompaniesFailed', group.name),
          `Group ${group.name}: at least one company report could not be sent (CompaniesFailed). ` +
            'The ledger lets a re-run send only the missing ones.',
        ],
        [
          `CompaniesHeldAlarm-${group.name}`,
          companyMetric('CompaniesHeld', group.name),
          `Group ${group.name}: at least one company report was held back because its numbers failed ` +
            'the consistency checks (CompaniesHeld).',
        ],
      ]),
      [
        'ScheduleDeadLetterAlarm',
        this.scheduleDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period,
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        'EventBridge Scheduler could not invoke the report mailer: the event is in the schedule DLQ.',
      ],
      [
        'FailedRunsAlarm',
        this.failedRunsQueue.metricApproximateNumberOfMessagesVisible({
          period,
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        'A scheduled run failed after all Lambda retries: the event and error are in the failed-runs queue.',
      ],
    ];
    for (const [alarmId, metric, description] of alarms) {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        metric,
        alarmDescription: description,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // A monthly job: no data is the normal state, not a problem.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(alarmAction);
    }

    // ---------------------------------------------------------------- outputs
    new CfnOutput(this, 'FunctionName', { value: fn.functionName, description: 'Report mailer function' });
    new CfnOutput(this, 'FunctionTestConsoleUrl', {
      description: 'Lambda console Test tab: run a month by hand (events in infra/README-deploy.md)',
      value: `https://${Aws.REGION}.console.aws.amazon.com/lambda/home?region=${Aws.REGION}#/functions/${fn.functionName}?tab=testing`,
    });
    new CfnOutput(this, 'FunctionLogGroupName', { value: logGroup.logGroupName });
    new CfnOutput(this, 'SecretName', { value: this.secret.secretName, description: 'Put the IOBot credentials here' });
    new CfnOutput(this, 'SecretArn', { value: this.secret.secretArn });
    new CfnOutput(this, 'LedgerTableName', { value: this.ledgerTable.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    if (!infra.sesIdentity.includes('@')) {
      // Easy DKIM: publish these three CNAMEs in the domain's DNS so SES verifies the domain.
      identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `SesDkimRecord${index + 1}`, {
          description: `DNS CNAME ${index + 1} of 3 to verify ${infra.sesIdentity} in SES`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    }
  }
}
