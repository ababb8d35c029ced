/**
 * The email archive bucket: every email handed to SES, as raw MIME described by its object metadata,
 * at `<group>/<month>/<target>/<attempt>.eml` (functions/delivery/email-archive.ts). Private, TLS only,
 * encrypted, versioned, retained on stack deletion, aged to Standard-IA and expired by a lifecycle rule,
 * optionally under Object Lock (governance).
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { InfraConfig } from '../config-schema.ts';

export interface ReportArchiveProps {
  settings: InfraConfig['archive'];
}

export class ReportArchive extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ReportArchiveProps) {
    super(scope, id);
    const { transitionAfterDays, retentionDays, objectLockDays } = props.settings;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      // What was sent to customers outlives the stack: a mistaken destroy must not erase it.
      removalPolicy: RemovalPolicy.RETAIN,
      ...(objectLockDays === null
        ? {}
        : { objectLockEnabled: true, objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(objectLockDays)) }),
      lifecycleRules: [
        {
          id: 'age-and-expire',
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(transitionAfterDays) }],
          expiration: Duration.days(retentionDays),
          // Manifest rewrites (handing-to-ses → sent) leave a noncurrent version: keep it a while only.
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'No server access log bucket: only the mailer role writes here and only operators read, a handful of ' +
        "requests a month; the objects' metadata and the ledger record every write. Object-level auditing, when " +
        'needed, is CloudTrail S3 data events on this bucket, which need no second bucket to secure.',
    });
  }

  /**
   * Put and get only under the configured groups' prefixes, and list only those prefixes: the function
   * can neither read nor overwrite anything else in the bucket, nor delete (versions stay).
   */
  grantArchiving(role: iam.Role, groupNames: readonly string[]): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ArchiveOwnGroupsEmails',
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: groupNames.map((group) => this.bucket.arnForObjects(`${group}/*`)),
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ListOwnGroupsArchive',
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': groupNames.map((group) => `${group}/*`) } },
      }),
    );
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    for (const group of groupNames) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${group}/*]`,
        reason:
          `The archive keys of group "${group}" are ${group}/<month>/<company>/<send time>/...: the send time is ` +
          "only known at run time; the prefix confines the function to its own group's emails.",
      });
    }
  }
}
