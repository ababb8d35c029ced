import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { runtimeConfigSchema } from '../../functions/config/config-schema.ts';
import { loadRuntimeConfig, sha256Hex } from '../../functions/config/load-runtime-config.ts';
import { loadConfig } from '../../infra/config-schema.ts';
import {
  actionsOf,
  exampleConfig,
  mailerFunction,
  normalized,
  onlyResource,
  resourceNamed,
  statementsOfRole,
  synthesize,
  synthesizeDefault,
  type PolicyStatementJson,
  type Synthesized,
} from './synth.ts';

const getAtt = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

/** True when an IAM Resource (string, token object or list of them) is or contains a bare "*". */
const grantsStar = (resource: unknown): boolean => (Array.isArray(resource) ? resource.some(grantsStar) : resource === '*');

describe('ReportMailerStack with infra/report.config.ts', () => {
  let synthesized: Synthesized;
  let template: Template;
  let logicalId: (construct: { node: { defaultChild?: unknown } }) => string;
  let ids: {
    fn: string;
    role: string;
    table: string;
    secret: string;
    logGroup: string;
    topic: string;
    scheduleDlq: string;
    failedRuns: string;
    identity: string;
    configurationSet: string;
    deliveryDlq: string;
  };

  beforeAll(() => {
    synthesized = synthesizeDefault();
    template = synthesized.template;
    const { stack } = synthesized;
    logicalId = (construct: { node: { defaultChild?: unknown } }) =>
      stack.getLogicalId((construct.node.defaultChild ?? construct) as never);
    ids = {
      fn: logicalId(stack.function),
      role: logicalId(stack.function.role as never),
      table: logicalId(stack.ledgerTable),
      secret: logicalId(stack.secret as never),
      logGroup: logicalId(stack.node.findChild('ReportMailer').node.findChild('LogGroup') as never),
      topic: logicalId(stack.alarmTopic),
      scheduleDlq: logicalId(stack.scheduleDeadLetterQueue),
      failedRuns: logicalId(stack.failedRunsQueue),
      identity: onlyResource(template, 'AWS::SES::EmailIdentity')[0],
      configurationSet: logicalId(stack.deliveryEvents.configurationSet),
      deliveryDlq: logicalId(stack.deliveryEvents.deadLetterQueue),
    };
  });

  describe('function', () => {
    it('runs Node.js 22 on arm64 with 512 MB, 5 minutes, reserved concurrency 1 and its own log group', () => {
      // act
      const [, fn] = mailerFunction(template);

      // assert
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 300,
        ReservedConcurrentExecutions: 1,
        LoggingConfig: { LogGroup: { Ref: ids.logGroup } },
        Role: getAtt(ids.role),
      });
    });

    it('has the environment contract the handler reads', () => {
      // prepare
      const { runtime } = loadConfig(exampleConfig());

      // act
      const [, fn] = mailerFunction(template);
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

      // assert
      expect(variables).toEqual({
        REPORT_CONFIG_FILE: 'report-config.json',
        REPORT_CONFIG_SHA256: sha256Hex(JSON.stringify(runtime)),
        REPORT_CONFIG_SUMMARY: '1 group, 2 companies, 4 addresses',
        IOBOT_SECRET_ID: { Ref: ids.secret },
        LEDGER_TABLE_NAME: { Ref: ids.table },
        ARCHIVE_BUCKET_NAME: { Ref: logicalId(synthesized.stack.archive.bucket) },
        SUPPRESSION_TABLE_NAME: { Ref: logicalId(synthesized.stack.unsubscribe.suppressionTable) },
        UNSUBSCRIBE_KEY_SECRET_ID: { Ref: logicalId(synthesized.stack.unsubscribe.key) },
        UNSUBSCRIBE_URL: { 'Fn::GetAtt': [logicalId(synthesized.stack.unsubscribe.url), 'FunctionUrl'] },
        UNSUBSCRIBE_MAILTO: 'alertas@example.com',
        SES_CONFIGURATION_SET: { Ref: ids.configurationSet },
        POWERTOOLS_SERVICE_NAME: 'iobot-report-mailer',
        POWERTOOLS_METRICS_NAMESPACE: 'IOBotReportMailer',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps --max-old-space-size=256',
      });
      expect(
        loadRuntimeConfig({ file: synthesized.stack.reportConfigFile.path, sha256: variables.REPORT_CONFIG_SHA256 as string }, '/'),
      ).toEqual(runtimeConfigSchema.parse(runtime));
    });

    it('keeps logs for the configured retention (90 days)', () => {
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    });

    it('retries async (scheduled) invokes twice, then sends the event to the failed-runs queue', () => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: ids.fn },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
        DestinationConfig: { OnFailure: { Destination: getAtt(ids.failedRuns) } },
      });
    });

    it('uses its own role: no managed policies, logs only to its log group', () => {
      // act
      const fnRole = template.findResources('AWS::IAM::Role')[ids.role]!;
      const statements = statementsOfRole(template, ids.role);

      // assert
      expect(fnRole.Properties.ManagedPolicyArns).toBeUndefined();
      expect(fnRole.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      ]);
      expect(statements.map(normalized)).toContainEqual({
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: [getAtt(ids.logGroup)],
      });
    });
  });

  describe('least-privilege permissions of the function', () => {
    let statements: PolicyStatementJson[];
    beforeAll(() => {
      statements = statementsOfRole(template, ids.role);
    });

    it('has no statement on "*" at all', () => {
      expect(statements.filter((statement) => grantsStar(statement.Resource))).toEqual([]);
      expect(statements.flatMap(actionsOf).filter((action) => action.includes('*'))).toEqual([]);
    });

    it('may send raw email only from the configured sender, on the SES identity and configuration set ARNs', () => {
      // act
      const ses = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('ses:')));

      // assert
      expect(ses.map(normalized)).toEqual([
        {
          Sid: 'SendReportsAsTheConfiguredSender',
          Effect: 'Allow',
          Action: ['ses:SendRawEmail'],
          Condition: { StringEquals: { 'ses:FromAddress': 'reportes@example.com' } },
          Resource: [
            {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':ses:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':configuration-set/',
                  { Ref: ids.configurationSet },
                ],
              ],
            },
            {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':ses:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':identity/',
                  { Ref: ids.identity },
                ],
              ],
            },
          ],
        },
      ]);
    });

    it('may read only the IOBot secret and the unsubscribe token key', () => {
      // act
      const secrets = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('secretsmanager:')));

      // assert
      expect(secrets.map(normalized)).toEqual([
        {
          Effect: 'Allow',
          Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          Resource: [{ Ref: ids.secret }, { Ref: logicalId(synthesized.stack.unsubscribe.key) }],
        },
      ]);
    });

    it('may get, put and update ledger items (never delete) and query the suppression list, nothing else in DynamoDB', () => {
      // act
      const dynamo = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));

      // assert
      expect(dynamo.map(normalized)).toEqual([
        {
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          Resource: [getAtt(ids.table)],
        },
        {
          Effect: 'Allow',
          Action: ['dynamodb:Query'],
          Resource: [getAtt(logicalId(synthesized.stack.unsubscribe.suppressionTable))],
        },
      ]);
    });
  });

  describe('SES, secret and ledger', () => {
    it('creates the SES identity for the configured domain', () => {
      template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'example.com' });
      template.hasOutput('SesDkimRecord1', { Value: Match.anyValue() });
    });

    it('creates the secret, with a placeholder value, retained on stack deletion', () => {
      template.hasResource('AWS::SecretsManager::Secret', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          Name: 'iobot-report-mailer/iobot-credentials',
          GenerateSecretString: Match.objectLike({ GenerateStringKey: 'placeholder' }),
        }),
      });
    });

    it('creates the ledger table: pk/sk strings, on demand, TTL expiresAt, PITR, retained', () => {
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        },
      });
    });
  });

  describe('schedule', () => {
    it('invokes the function monthly at the group’s local time, with the scheduled time in the input', () => {
      // act
      const [, schedule] = resourceNamed(template, 'AWS::Scheduler::Schedule', 'SchedulesSchedule');

      // assert
      expect(schedule.Properties).toMatchObject({
        ScheduleExpression: 'cron(0 7 1 * ? *)',
        ScheduleExpressionTimezone: 'America/Tegucigalpa',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: {
          Arn: getAtt(ids.fn),
          Input: JSON.stringify({ group: 'aquatec', scheduledTime: '<aws.scheduler.scheduled-time>' }),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 },
          DeadLetterConfig: { Arn: getAtt(ids.scheduleDlq) },
        },
      });
    });

    it('assumes a role that may only invoke this function and write the schedule DLQ', () => {
      // prepare
      const [, schedule] = resourceNamed(template, 'AWS::Scheduler::Schedule', 'SchedulesSchedule');
      const roleId = (schedule.Properties.Target as { RoleArn: { 'Fn::GetAtt': string[] } }).RoleArn['Fn::GetAtt'][0]!;

      // act
      const statements = statementsOfRole(template, roleId);
      const role = template.findResources('AWS::IAM::Role')[roleId]!;

      // assert
      expect(role.Properties.AssumeRolePolicyDocument.Statement[0]).toMatchObject({
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': expect.anything() } },
      });
      expect(statements.map(normalized)).toEqual([
        {
          Effect: 'Allow',
          Action: ['lambda:InvokeFunction'],
          Resource: [getAtt(ids.fn), { 'Fn::Join': ['', [getAtt(ids.fn), ':*']] }],
        },
        { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [getAtt(ids.scheduleDlq)] },
      ]);
    });

    it('uses encrypted, TLS-only queues for the DLQ and failed runs', () => {
      // act
      const queues = template.findResources('AWS::SQS::Queue');
      const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));

      // assert
      expect(Object.keys(queues).sort()).toEqual([ids.failedRuns, ids.scheduleDlq, ids.deliveryDlq].sort());
      for (const queue of Object.values(queues)) {
        expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 });
      }
      for (const queueId of [ids.failedRuns, ids.scheduleDlq, ids.deliveryDlq]) {
        const policy = policies.find((candidate) => (candidate.Properties.Queues as { Ref: string }[]).some((ref) => ref.Ref === queueId));
        expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
          expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        );
      }
    });
  });

  describe('operations', () => {
    it('has a TLS-only alarm topic with an email subscription to the alarm address', () => {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'alertas@example.com',
        TopicArn: { Ref: ids.topic },
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    });

    const alarmBase = {
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    };

    it('alarms on function errors', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...alarmBase,
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Statistic: 'Sum',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.fn } }],
        AlarmActions: [{ Ref: ids.topic }],
      });
    });

    it.each(['CompaniesFailed', 'CompaniesHeld'])('alarms on the %s custom metric of each group (Sum ≥ 1)', (metricName) => {
      // The handler's Powertools metrics carry `service` (default dimension) and `group` (per run).
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...alarmBase,
        Namespace: 'IOBotReportMailer',
        MetricName: metricName,
        Statistic: 'Sum',
        Period: 300,
        Dimensions: [
          { Name: 'group', Value: 'aquatec' },
          { Name: 'service', Value: 'iobot-report-mailer' },
        ],
        AlarmActions: [{ Ref: ids.topic }],
      });
    });

    it('alarms when a message is visible in either failure queue', () => {
      for (const queueId of [ids.scheduleDlq, ids.failedRuns]) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          ...alarmBase,
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
          AlarmActions: [{ Ref: ids.topic }],
        });
      }
      expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(13); // errors; per group 3 company alarms, hard bounce/complaint, missed month, watchdog silent; 2 per queue
    });

    it('alarms again on every new message arriving in a failure queue, not only on its depth', () => {
      for (const queueId of [ids.scheduleDlq, ids.failedRuns, ids.deliveryDlq]) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          ...alarmBase,
          Namespace: 'AWS/SQS',
          MetricName: 'NumberOfMessagesSent',
          Statistic: 'Sum',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
          AlarmActions: [{ Ref: ids.topic }],
        });
      }
    });

    it('outputs the function name, its console Test tab, the secret and the ledger table', () => {
      // act
      const outputs = template.findOutputs('*');

      // assert
      expect(outputs.FunctionName?.Value).toEqual({ Ref: ids.fn });
      expect(outputs.SecretName?.Value).toBeDefined();
      expect(outputs.SecretArn?.Value).toEqual({ Ref: ids.secret });
      expect(outputs.LedgerTableName?.Value).toEqual({ Ref: ids.table });
      expect(outputs.FunctionTestConsoleUrl?.Value).toEqual({
        'Fn::Join': [
          '',
          [
            'https://',
            { Ref: 'AWS::Region' },
            '.console.aws.amazon.com/lambda/home?region=',
            { Ref: 'AWS::Region' },
            '#/functions/',
            { Ref: ids.fn },
            '?tab=testing',
          ],
        ],
      });
    });
  });

  it('is environment-agnostic: no context lookups, so synth works offline without credentials', () => {
    // act
    const assembly = synthesized.app.synth();

    // assert
    expect(assembly.manifest.missing ?? []).toEqual([]);
    expect(synthesized.stack.resolve(synthesized.stack.region)).toEqual({ Ref: 'AWS::Region' });
  });
});

describe('ReportMailerStack variants', () => {
  let template: Template;

  beforeAll(() => {
    // prepare: two groups in different zones, an imported secret, an address identity, unreserved
    // concurrency and a sandbox recipient: every optional branch of the stack in one synth.
    const config = exampleConfig() as Record<string, unknown> & ReturnType<typeof exampleConfig>;
    const second = {
      ...structuredClone(config.groups[0]!),
      name: 'aquatec-es',
      timeZone: 'Europe/Madrid',
      locale: 'es-ES',
      schedule: { dayOfMonth: 2, hour: 6, minute: 30 },
    };
    const variant = {
      ...config,
      groups: [...config.groups, second],
      sesIdentity: 'reportes@example.com',
      secret: { name: 'shared/iobot', import: true },
      reservedConcurrency: null,
      sandboxRecipientIdentities: ['me@example.com'],
    };
    template = synthesize({ config: variant }).template;
  });

  it('creates one schedule per group, each in its own time zone', () => {
    // act
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'))
      .filter((schedule) => !JSON.parse(schedule.Properties.Target.Input).verify)
      .map((schedule) => ({
        expression: schedule.Properties.ScheduleExpression,
        zone: schedule.Properties.ScheduleExpressionTimezone,
        input: JSON.parse(schedule.Properties.Target.Input).group,
      }));

    // assert
    expect(schedules).toEqual([
      { expression: 'cron(0 7 1 * ? *)', zone: 'America/Tegucigalpa', input: 'aquatec' },
      { expression: 'cron(30 6 2 * ? *)', zone: 'Europe/Madrid', input: 'aquatec-es' },
    ]);
  });

  it('imports an existing secret by name: no secret resource, SecretId is the name, read scoped to it', () => {
    // act
    const [, fn] = mailerFunction(template);
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
    const secretStatements = statementsOfRole(template, roleId).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('secretsmanager:')),
    );

    // assert
    // Only the unsubscribe token key is created; the IOBot secret is not.
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    expect(variables.IOBOT_SECRET_ID).toBe('shared/iobot');
    expect(secretStatements).toHaveLength(1);
    expect(JSON.stringify(secretStatements[0]!.Resource)).toContain(':secret:shared/iobot-??????');
  });

  it('uses an address identity (no DKIM outputs) and adds sandbox recipients to the SES resources', () => {
    // act
    const [, fn] = mailerFunction(template);
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
    const ses = statementsOfRole(template, roleId).filter((statement) => actionsOf(statement).includes('ses:SendRawEmail'));

    // assert
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'reportes@example.com' });
    expect(Object.keys(template.findOutputs('SesDkimRecord1'))).toEqual([]);
    expect(ses).toHaveLength(1);
    expect(ses[0]!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'reportes@example.com' } });
    expect(ses[0]!.Resource).toHaveLength(3);
    expect(JSON.stringify(ses[0]!.Resource)).toContain(':identity/me@example.com');
  });

  it('alarms on failed, held and uncertain companies per group', () => {
    // act
    const groups = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .filter((alarm) => alarm.Properties.Namespace === 'IOBotReportMailer')
      .map((alarm) => {
        const group = (alarm.Properties.Dimensions as { Name: string; Value: string }[]).find((d) => d.Name === 'group');
        return `${alarm.Properties.MetricName}:${group?.Value}`;
      })
      .sort();

    // assert
    expect(groups).toEqual([
      'CompaniesFailed:aquatec',
      'CompaniesFailed:aquatec-es',
      'CompaniesHeld:aquatec',
      'CompaniesHeld:aquatec-es',
      'CompaniesUncertain:aquatec',
      'CompaniesUncertain:aquatec-es',
      'MonthIncomplete:aquatec',
      'MonthIncomplete:aquatec-es',
      'WatchdogChecks:aquatec',
      'WatchdogChecks:aquatec-es',
    ]);
  });

  it('leaves the function unreserved when reservedConcurrency is null', () => {
    const [, fn] = mailerFunction(template);
    expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });
});
