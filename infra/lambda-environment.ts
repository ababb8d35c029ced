import { Token } from 'aws-cdk-lib';
import { lambdaNodeOptions } from './function-memory.ts';
import { REPORT_CONFIG_FILE_NAME, type ReportConfigFile } from './report-config-file.ts';

/**
 * The Lambda's environment contract (the handler reads exactly these).
 *
 * The report config itself is a file in the code asset (report-config-file.ts says why); the environment
 * carries its name, its SHA-256 and a one-line summary, so a recipient change is a visible line in
 * `cdk diff` while the config can grow past Lambda's 4 KB limit for all variables together, which
 * `assertEnvironmentFits` still checks at synth.
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
  /** SES configuration set every send names (its events reach the ledger through the consumer). */
  readonly configurationSetName: string;
  /** The function's memory: V8's heap cap is half of it (see lambdaNodeOptions). */
  readonly memoryMb: number;
}

export const buildLambdaEnvironment = (
  config: Pick<ReportConfigFile, 'sha256' | 'summary'>,
  refs: EnvironmentRefs,
): Record<string, string> => ({
  REPORT_CONFIG_FILE: REPORT_CONFIG_FILE_NAME,
  REPORT_CONFIG_SHA256: config.sha256,
  REPORT_CONFIG_SUMMARY: config.summary,
  IOBOT_SECRET_ID: refs.secretId,
  LEDGER_TABLE_NAME: refs.ledgerTableName,
  ARCHIVE_BUCKET_NAME: refs.archiveBucketName,
  SUPPRESSION_TABLE_NAME: refs.suppressionTableName,
  UNSUBSCRIBE_KEY_SECRET_ID: refs.unsubscribeKeySecretId,
  UNSUBSCRIBE_URL: refs.unsubscribeUrl,
  UNSUBSCRIBE_MAILTO: refs.unsubscribeMailto,
  SES_CONFIGURATION_SET: refs.configurationSetName,
  POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  POWERTOOLS_LOG_LEVEL: 'INFO',
  NODE_OPTIONS: lambdaNodeOptions(refs.memoryMb),
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
  const largest = Object.entries(environment).sort((a, b) => b[1].length - a[1].length)[0];
  throw new Error(
    `Lambda environment too large: about ${size} bytes, the limit is ${LAMBDA_ENVIRONMENT_LIMIT_BYTES} ` +
      `(largest: ${largest?.[0]}, ${largest?.[1].length} characters). The report config belongs in the ` +
      `bundled config file, not in a variable.`,
  );
};
