import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, normalized, resourceNamed, statementsOfRole, synthesizeDefault, type Synthesized } from './synth.ts';

describe('DeliveryEvents: configuration set, EventBridge destination, rule and consumer', () => {
  let synthesized: Synthesized;
  let template: Template;
  let ids: {
    configurationSet: string;
    table: string;
    dlq: string;
    consumer: string;
    consumerRole: string;
    consumerLogGroup: string;
    topic: string;
  };

  beforeAll(() => {
    synthesized = synthesizeDefault();
    template = synthesized.template;
    const { stack } = synthesized;
    const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
    const events = stack.deliveryEvents;
    ids = {
      configurationSet: logicalId(events.configurationSet),
      table: logicalId(stack.ledgerTable),
      dlq: logicalId(events.deadLetterQueue),
      consumer: logicalId(events.consumer.function),
      consumerRole: logicalId(events.consumer.role),
      consumerLogGroup: logicalId(events.consumer.logGroup),
      topic: logicalId(stack.alarmTopic),
    };
  });

  it('creates a configuration set that requires TLS and publishes the seven tracked events to the default bus', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: ids.configurationSet },
      EventDestination: {
        Enabled: true,
        EventBridgeDestination: {
          EventBusArn: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([':event-bus/default'])]) }),
        },
        MatchingEventTypes: Match.arrayEquals(['send', 'delivery', 'bounce', 'complaint', 'reject', 'renderingFailure', 'deliveryDelay']),
      },
    });
  });

  it("routes only this configuration set's SES events to the consumer, with retries and a DLQ", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': [
          'Email Sent',
          'Email Delivered',
          'Email Bounced',
          'Email Complaint Received',
          'Email Rejected',
          'Email Rendering Failed',
          'Email Delivery Delayed',
        ],
        detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: ids.configurationSet }] } } },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [ids.consumer, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 },
        }),
      ],
    });
  });

  it('runs the consumer with its own log group, environment and async failure destination', () => {
    const [, consumer] = resourceNamed(template, 'AWS::Lambda::Function', 'DeliveryEventsConsumerFunction');
    expect(consumer.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      LoggingConfig: { LogGroup: { Ref: ids.consumerLogGroup } },
      Role: { 'Fn::GetAtt': [ids.consumerRole, 'Arn'] },
      Environment: {
        Variables: expect.objectContaining({ LEDGER_TABLE_NAME: { Ref: ids.table }, SES_CONFIGURATION_SET: { Ref: ids.configurationSet } }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ids.consumer },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ids.dlq, 'Arn'] } } },
    });
  });

  it('gives the consumer least privilege: UpdateItem on the ledger, its log group, its DLQ; nothing else', () => {
    const statements = statementsOfRole(template, ids.consumerRole).map(normalized);

    expect(statements.flatMap(actionsOf).sort()).toEqual(
      [
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
      ].sort(),
    );
    expect(statements.find((statement) => actionsOf(statement).includes('dynamodb:UpdateItem'))?.Resource).toEqual([
      { 'Fn::GetAtt': [ids.table, 'Arn'] },
    ]);
  });

  it('alarms per group on any hard bounce or complaint, and on the DLQ', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: ids.topic }],
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(bounces, 0) + FILL(complaints, 0)' }),
        Match.objectLike({
          Id: 'bounces',
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({
              MetricName: 'DeliveryHardBounce',
              Dimensions: Match.arrayWith([{ Name: 'group', Value: 'aquatec' }]),
            }),
          }),
        }),
        Match.objectLike({
          Id: 'complaints',
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'DeliveryComplaint' }) }),
        }),
      ]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.dlq, 'QueueName'] } }],
    });
  });
});
