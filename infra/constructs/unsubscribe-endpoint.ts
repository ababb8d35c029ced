/**
 * One-click unsubscribe (RFC 8058): a public Lambda Function URL (functions/unsubscribe/handler.ts), the
 * secret whose value seals the tokens in the links, and the suppression list it writes and the mailer
 * reads. The URL is public by design (it is clicked from mailboxes); what protects it is the sealed
 * token: without the key nobody can make a link for an address.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { NodeFunction, repoPath } from '../node-function.ts';

export const UNSUBSCRIBE_ENTRY = repoPath('functions/unsubscribe/handler.ts');

export interface UnsubscribeEndpointProps {
  logRetentionDays: number;
  /**
   * Reserved concurrency: caps what a flood of requests on the public URL can cost (excess requests
   * get 429; a mail client's one-click retries). Undefined on accounts that cannot reserve any.
   */
  reservedConcurrency?: number | undefined;
}

export class UnsubscribeEndpoint extends Construct {
  readonly key: secretsmanager.Secret;
  readonly suppressionTable: dynamodb.Table;
  readonly function: NodeFunction;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: UnsubscribeEndpointProps) {
    super(scope, id);
    this.key = new secretsmanager.Secret(this, 'TokenKey', {
      description: 'iobot-report-mailer: key that seals the unsubscribe links (generated; never shown in emails)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.key).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating this key would break the unsubscribe link of every email already sent (the links must keep ' +
        'working for months); it is replaced by hand only if it leaks, accepting that older links stop working.',
    });

    // pk group, sk address: one item per unsubscribed address and report group, never expiring.
    this.suppressionTable = new dynamodb.Table(this, 'SuppressionTable', {
      partitionKey: { name: 'group', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'address', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Losing it would mail people who asked not to be mailed.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.function = new NodeFunction(this, 'Handler', {
      description: 'One-click unsubscribe for the IOBot monthly reports (RFC 8058)',
      roleDescription: 'iobot-report-mailer unsubscribe: its log group, the token key, put into the suppression list',
      entry: UNSUBSCRIBE_ENTRY,
      logRetentionDays: props.logRetentionDays,
      memorySize: 256,
      timeout: Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        SUPPRESSION_TABLE_NAME: this.suppressionTable.tableName,
        UNSUBSCRIBE_KEY_SECRET_ID: this.key.secretArn,
        POWERTOOLS_SERVICE_NAME: 'iobot-report-unsubscribe',
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    this.key.grantRead(this.function.function);
    this.suppressionTable.grant(this.function.function, 'dynamodb:PutItem');
    this.url = this.function.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  }

  /** The mailer seals links with the key and reads the suppression list; it never writes it. */
  grantMailer(grantee: iam.IGrantable): void {
    this.key.grantRead(grantee);
    this.suppressionTable.grant(grantee, 'dynamodb:Query');
  }
}
