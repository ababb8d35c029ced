import { Token } from 'aws-cdk-lib';
import type { RuntimeConfig } from '../functions/config/config-schema.ts';

/**
 * The Lambda's environment contract (the handler reads exactly these).
 *
 * Why the report config travels in an environment variable rather than SSM, S3 or AppConfig: it is
 * visible in the Lambda console next to the code it configures, `cdk diff` shows a recipient change as a
 * one-line diff before it is deployed, it is validated at synth by the same zod schema the handler parses
 * it with, and the function needs no extra permission, network call or cache to read it. The price is
 * Lambda's 4 KB limit for all variables together, which `assertEnvironmentFits` checks at synth.
 */
export const SERVICE_NAME = 'iobot-report-mailer';
export const METRICS_NAMESPACE = 'IOBotReportMailer';

/** Lambda rejects a function whose variables, measured as their JSON object, exceed 4 KB. */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

export interface EnvironmentRefs {
  /** Secret ARN (or name, for an imported secret): anything GetSecretValue accepts as SecretId. */
  readonly secretId: string;
  readonly ledgerTableName: string;
  readonly archiveBucketName: string;
  readonly suppressionTableName: string;
  readonly unsubscribeKeySecretId: string;
  readonly unsubscribeUrl: string;
  readonly unsubscribeMailto: string;
}

export const buildLambdaEnvironment = (runtime: RuntimeConfig, refs: EnvironmentRefs): Record<string, string> => ({
  REPORT_CONFIG: JSON.stringify(runtime),
  IOBOT_SECRET_ID: refs.secretId,
  LEDGER_TABLE_NAME: refs.ledgerTableName,
  ARCHIVE_BUCKET_NAME: refs.archiveBucketName,
  SUPPRESSION_TABLE_NAME: refs.suppressionTableName,
  UNSUBSCRIBE_KEY_SECRET_ID: refs.unsubscribeKeySecretId,
  UNSUBSCRIBE_URL: refs.unsubscribeUrl,
  UNSUBSCRIBE_MAILTO: refs.unsubscribeMailto,
  POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  POWERTOOLS_LOG_LEVEL: 'INFO',
  NODE_OPTIONS: '--enable-source-maps',
});

/**
 * Length assumed for a value that is only known at deploy time (a CloudFormation token): generous for
 * what we put there (a secret ARN is about 100 characters, a generated table name about 60), and it
 * keeps the check honest instead of counting `${Token[...]}` placeholders.
 */
export const UNRESOLVED_VALUE_BYTES = 256;

/** Bytes of the variables as Lambda measures them: the JSON object, with deploy-time values estimated. */
export const environmentSizeBytes = (environment: Record<string, string>): number => {
  let tokens = 0;
  const known: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) {
    if (Token.isUnresolved(value)) {
      tokens += 1;
      known[key] = '';
    } else {
      known[key] = value;
    }
  }
  return Buffer.byteLength(JSON.stringify(known), 'utf8') + tokens * UNRESOLVED_VALUE_BYTES;
};

/** Fails synth (not the deploy, minutes later) when the variables would not fit. */
export const assertEnvironmentFits = (environment: Record<string, string>): void => {
  const size = environmentSizeBytes(environment);
  if (size <= LAMBDA_ENVIRONMENT_LIMIT_BYTES) return;
  const configBytes = Buffer.byteLength(JSON.stringify(environment.REPORT_CONFIG ?? ''), 'utf8');
  throw new Error(
    `Lambda environment too large: about ${size} bytes, the limit is ${LAMBDA_ENVIRONMENT_LIMIT_BYTES} ` +
      `(REPORT_CONFIG alone is ${configBytes} bytes). Shorten infra/report.config.ts (fewer or shorter ` +
      `addresses, labels or groups, a distribution list instead of many addresses), or move the report ` +
      `config to SSM Parameter Store / S3.`,
  );
};
