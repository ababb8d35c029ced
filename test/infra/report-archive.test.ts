import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  exampleConfig,
  mailerFunction,
  normalized,
  statementsOfRole,
  synthesize,
  synthesizeDefault,
  type PolicyStatementJson,
  type Synthesized,
} from './synth.ts';

describe('ReportArchive (the email archive bucket)', () => {
  let synthesized: Synthesized;
  let template: Template;
  let bucketId: string;
  let mailerStatements: PolicyStatementJson[];

  beforeAll(() => {
    synthesized = synthesizeDefault();
    template = synthesized.template;
    bucketId = synthesized.stack.getLogicalId(synthesized.stack.archive.bucket.node.defaultChild as never);
    const [, fn] = mailerFunction(template);
    mailerStatements = statementsOfRole(template, (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!);
  });

  it('is private, encrypted, versioned and retained on stack deletion', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    });
  });

  it('refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('moves objects to Standard-IA after 90 days and expires them after 400 (the defaults)', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Status: 'Enabled',
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }],
            ExpirationInDays: 400,
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          }),
        ],
      },
    });
    expect(JSON.stringify(template.findResources('AWS::S3::Bucket'))).not.toContain('ObjectLock');
  });

  it('turns on Object Lock in governance mode and the configured ages when asked', () => {
    const config = { ...exampleConfig(), archive: { transitionAfterDays: 30, retentionDays: 730, objectLockDays: 365 } };

    const { template: locked } = synthesize({ config });

    locked.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } } },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }], ExpirationInDays: 730 })],
      },
    });
  });

  it("lets the mailer put and get only its groups' keys and list only their prefixes: no delete, nothing else", () => {
    const s3 = mailerStatements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')));

    expect(s3.map(normalized)).toEqual([
      {
        Sid: 'ArchiveOwnGroupsEmails',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/aquatec/*']] }],
      },
      {
        Sid: 'ListOwnGroupsArchive',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [{ 'Fn::GetAtt': [bucketId, 'Arn'] }],
        Condition: { StringLike: { 's3:prefix': ['aquatec/*'] } },
      },
    ]);
  });

  it('names the bucket in the outputs and the function environment', () => {
    template.hasOutput('ArchiveBucketName', { Value: { Ref: bucketId } });
  });
});
