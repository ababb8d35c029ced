import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { LEDGER_RETENTION_DAYS } from '../ledger/send-ledger.ts';
import type { RuntimeConfig } from '../config/config-schema.ts';
import { loadRuntimeConfig } from '../config/load-runtime-config.ts';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../iobot/iobot-client.ts';
import { InvalidInputError } from '../shared/invalid-input-error.ts';

/** Months of history a report compares with (HISTORY_MONTHS): the reported month and five before it. */
export const DEFAULT_HISTORY_MONTHS = 5;

/**
 * The Lambda's environment, parsed once. The report config is the file `cdk synth` validated with the
 * same schema and bundled next to the code (REPORT_CONFIG_FILE, REPORT_CONFIG_SHA256), or inline JSON in
 * REPORT_CONFIG for local runs; a failure here means the function was configured by hand.
 */
const environmentSchema = z.object({
  REPORT_CONFIG: z.string().optional(),
  REPORT_CONFIG_FILE: z.string().min(1).optional(),
  REPORT_CONFIG_SHA256: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, { error: 'must be a hex SHA-256' })
    .optional(),
  IOBOT_SECRET_ID: z.string({ error: 'missing: name or ARN of the IOBot credentials secret' }).min(1),
  LEDGER_TABLE_NAME: z.string({ error: 'missing: the send ledger DynamoDB table' }).min(1),
  ARCHIVE_BUCKET_NAME: z.string({ error: 'missing: the S3 bucket that archives every email sent' }).min(1),
  SUPPRESSION_TABLE_NAME: z.string({ error: 'missing: the unsubscribe suppression list table' }).min(1),
  UNSUBSCRIBE_KEY_SECRET_ID: z.string({ error: 'missing: the secret holding the unsubscribe token key' }).min(1),
  UNSUBSCRIBE_URL: z.url({ protocol: /^https?$/, error: 'missing or not a URL: the unsubscribe Function URL' }),
  UNSUBSCRIBE_MAILTO: z.email({ error: "missing or not an address: the operators' unsubscribe mailbox" }),
  /** SES configuration set every send names, so its events reach the ledger (unset: no delivery events). */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  IOBOT_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  IOBOT_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  /** The first retry's pause; each next one doubles it (0.5 s, 1 s, 2 s by default). */
  IOBOT_MIN_RETRY_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  /** Largest IOBot answer read; see DEFAULT_MAX_RESPONSE_BYTES for why this size. */
  IOBOT_MAX_RESPONSE_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_RESPONSE_BYTES),
  /** IOBot answers in flight at once; with the cap above, this bounds the memory the answers take. */
  IOBOT_MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(12).default(2),
  /**
   * Companies per IOBot request (`includeBusinesses`): a run's memory grows with this, not with the
   * group (run-page.ts). A group that fits in one page is asked for whole, as one request.
   */
  IOBOT_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  HISTORY_MONTHS: z.coerce.number().int().min(0).max(11).default(DEFAULT_HISTORY_MONTHS),
  /**
   * How long a claim (the hand-over to SES) reads as in progress before, unanswered, it reads as
   * uncertain. Longer than the function's timeout (5 minutes, infra/report-mailer-stack.ts): its holder
   * answers or dies within its invocation, however long the send slot, the archive's and SES's retries
   * take, so a live holder never reads as uncertain. An expired claim is never taken over by itself, so a
   * long lease holds back nothing a run would send.
   */
  LEDGER_LEASE_SECONDS: z.coerce.number().positive().default(360),
  /**
   * Days a ledger item lives (DynamoDB TTL) after its last claim. A console run of a month that ended
   * longer ago is refused without force (run-plan.ts): its record may be gone, so "no record" would
   * not mean "not sent".
   */
  LEDGER_RETENTION_DAYS: z.coerce.number().int().min(1).default(LEDGER_RETENTION_DAYS),
  /**
   * Timeouts of every AWS call (SES, DynamoDB, Secrets Manager); the SDK has no request timeout of
   * its own. Opening a connection inside a region takes milliseconds; the largest call, an email of a
   * few hundred KB to SES, well under a second: a stalled call fails and is retried instead of
   * hanging the run until the Lambda timeout.
   */
  SDK_CONNECTION_TIMEOUT_MS: z.coerce.number().int().positive().default(3_000),
  SDK_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Deliveries in flight at once; by default sized from the send rate (deliver-companies.ts, sendPoolSize). */
  SEND_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /**
   * Seconds kept, besides draining the send pool, for finishing what was started before the Lambda
   * timeout: an SES call through its retries, the ledger record, the group summary (time-budget.ts).
   */
  TIME_RESERVE_SECONDS: z.coerce.number().min(0).max(600).default(20),
  /** Set by Lambda; the operator report links to this function's log group and Test tab. */
  AWS_REGION: z.string().default('us-east-1'),
  AWS_LAMBDA_FUNCTION_NAME: z.string().default('iobot-report-mailer'),
  AWS_LAMBDA_LOG_GROUP_NAME: z.string().optional(),
  /** Seconds the credentials stay cached across warm invocations. */
  SECRET_MAX_AGE_SECONDS: z.coerce.number().int().min(0).default(300),
});

export type Environment = Omit<z.output<typeof environmentSchema>, 'REPORT_CONFIG'> & { REPORT_CONFIG: RuntimeConfig };

/** The bundle's own directory: the root of the code asset when deployed (/var/task). */
const CODE_DIR = dirname(fileURLToPath(import.meta.url));

export const parseEnvironment = (env: NodeJS.ProcessEnv, baseDir = CODE_DIR): Environment => {
  const result = environmentSchema.safeParse(env);
  if (!result.success) throw InvalidInputError.fromZod('environment', result.error);
  const { REPORT_CONFIG: inline, REPORT_CONFIG_FILE: file, REPORT_CONFIG_SHA256: sha256, ...rest } = result.data;
  const config = loadRuntimeConfig({ inline, file, sha256 }, baseDir);
  return { ...rest, REPORT_CONFIG_FILE: file, REPORT_CONFIG_SHA256: sha256, REPORT_CONFIG: config };
};
