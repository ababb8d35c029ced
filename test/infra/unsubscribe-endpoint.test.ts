import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, exampleConfig, normalized, statementsOfRole, synthesize, synthesizeDefault, type Synthesized } from './synth.ts';

describe('UnsubscribeEndpoint (Function URL, token key, suppression list)', () => {
  let synthesized: Synthesized;
  let template: Template;
  let id: (construct: { node: { defaultChild?: unknown } }) => string;

  beforeAll(() => {
    synthesized = synthesizeDefault();
    template = synthesized.template;
    id = (construct) => synthesized.stack.getLogicalId((construct.node.defaultChild ?? construct) as never);
  });

  it('serves a public Function URL (clicked from mailboxes; the sealed token is the protection)', () => {
    const endpoint = synthesized.stack.unsubscribe;

    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [id(endpoint.function.function), 'Arn'] },
    });
    template.hasOutput('UnsubscribeUrl', { Value: { 'Fn::GetAtt': [id(endpoint.url), 'FunctionUrl'] } });
  });

  it('runs the unsubscribe handler on Node.js 22 arm64 with its own log group, at most 2 at once', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^One-click unsubscribe'),
      ReservedConcurrentExecutions: 2,
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      LoggingConfig: { LogGroup: { Ref: id(synthesized.stack.unsubscribe.function.logGroup) } },
      Environment: {
        Variables: Match.objectLike({
          SUPPRESSION_TABLE_NAME: { Ref: id(synthesized.stack.unsubscribe.suppressionTable) },
          UNSUBSCRIBE_KEY_SECRET_ID: { Ref: id(synthesized.stack.unsubscribe.key) },
        }),
      },
    });
  });

  it('generates the token key and keeps the suppression list (pk group, sk address, PITR, retained)', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'group', KeyType: 'HASH' },
          { AttributeName: 'address', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    });
  });

  it('may only read the key and put into the suppression list (plus its own logs)', () => {
    const endpoint = synthesized.stack.unsubscribe;

    const statements = statementsOfRole(template, id(endpoint.function.role)).map(normalized);

    expect(statements.filter((statement) => !actionsOf(statement).some((action) => action.startsWith('logs:')))).toEqual([
      {
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: [{ Ref: id(endpoint.key) }],
      },
      { Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: [{ 'Fn::GetAtt': [id(endpoint.suppressionTable), 'Arn'] }] },
    ]);
  });

  it('reserves no concurrency on accounts that cannot (reservedConcurrency: null)', () => {
    const { template: unreserved } = synthesize({ config: { ...exampleConfig(), reservedConcurrency: null } });

    unreserved.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^One-click unsubscribe'),
      ReservedConcurrentExecutions: Match.absent(),
    });
  });
});
