import * as z from 'zod';
import { emailAddressSchema, runtimeConfigSchema, type RuntimeConfig } from '../functions/config/config-schema.ts';
import { formatIssues } from '../functions/shared/invalid-input-error.ts';

/**
 * The deployment config: the runtime config the Lambda parses (`runtimeConfigSchema`, the single source of
 * truth, shared with functions/) plus the fields only the CDK app needs. One flat object, so a config file
 * reads naturally and an issue path such as `groups[0].timeZone` or `alarmEmail` points at the line to fix.
 */

/** Log retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

// A DNS name with at least one dot, labels of letters, digits and inner dashes.
const DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** "example.com" (domain identity) or "reports@example.com" (single-address identity). */
export const sesIdentitySchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const valid = value.includes('@') ? emailAddressSchema.safeParse(value).success : DOMAIN_PATTERN.test(value);
    if (!valid) {
      ctx.addIssue({
        code: 'custom',
        message: `not a domain or email address: ${JSON.stringify(value)}`,
      });
    }
  });

/** The S3 archive of every email sent (raw MIME, described by its object metadata). */
export const archiveConfigSchema = z
  .strictObject({
    /** Objects move to S3 Standard-IA after this many days (S3's minimum for IA is 30). */
    transitionAfterDays: z.number().int().min(30).default(90),
    /** Objects (and their old versions) are deleted after this many days. */
    retentionDays: z.number().int().min(1).default(400),
    /**
     * Object Lock in governance mode for this many days (null: off). Only takes effect on a new bucket:
     * S3 enables Object Lock at creation. Governance lets a user with s3:BypassGovernanceRetention delete.
     */
    objectLockDays: z.number().int().min(1).nullable().default(null),
  })
  .superRefine((archive, ctx) => {
    if (archive.retentionDays <= archive.transitionAfterDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['retentionDays'],
        message: `must be greater than transitionAfterDays (${archive.transitionAfterDays}): ${archive.retentionDays}`,
      });
    }
    if (archive.objectLockDays !== null && archive.objectLockDays > archive.retentionDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['objectLockDays'],
        message: `must not exceed retentionDays (${archive.retentionDays}): ${archive.objectLockDays}`,
      });
    }
  });

export const secretConfigSchema = z.strictObject({
  /** Secrets Manager name; the secret holds `{"apiKey": "..."}` or `{"token": "..."}`. */
  name: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, {
    error: (issue) => `not a valid Secrets Manager name: ${JSON.stringify(issue.input)}`,
  }),
  /** true: use an existing secret of that name (not managed by the stack); false: the stack creates it. */
  import: z.boolean().default(false),
});

/** Fields only the infrastructure reads; never shipped to the Lambda. */
export const infraOnlyShape = {
  /** Receives the CloudWatch alarm notifications (SNS email subscription, confirm the first mail). */
  alarmEmail: emailAddressSchema,
  /** SES identity the sender belongs to: a domain or a single address. IAM is scoped to it. */
  sesIdentity: sesIdentitySchema,
  secret: secretConfigSchema,
  /**
   * Only while the account is in the SES sandbox: recipients (verified identities) that SES also
   * authorises SendRawEmail against. Added to the function's `ses:SendRawEmail` resources.
   */
  sandboxRecipientIdentities: z.array(sesIdentitySchema).default([]),
  logRetentionDays: z
    .number()
    .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
      error: (issue) => `not a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(', ')}): ${JSON.stringify(issue.input)}`,
    })
    .default(90),
  /**
   * Reserved concurrency of the function. 1 (the default) serialises runs: two groups scheduled at the same
   * minute, or a console test during a scheduled run, never send in parallel (so the SES rate stays what
   * `sendRatePerSecond` says and two runs never race on the ledger); a throttled scheduled (async) invoke
   * waits in Lambda's queue and is retried, a throttled console test gets a 429. null leaves the function
   * on the unreserved pool: needed on accounts whose concurrency quota is 10 (new accounts), where
   * reserving anything fails the deploy ("decreases account's UnreservedConcurrentExecution below 10").
   */
  reservedConcurrency: z.number().int().min(1).max(10).nullable().default(1),
  archive: archiveConfigSchema.default({ transitionAfterDays: 90, retentionDays: 400, objectLockDays: null }),
  /** The operators' address: the `mailto:` of every email's List-Unsubscribe header. */
  unsubscribeMailto: emailAddressSchema.optional(),
  /**
   * Custom MAIL FROM subdomain of a domain identity ("bounce" → bounce.example.com), so SPF aligns with
   * the From domain for DMARC. Default "bounce" for a domain identity, none for an address identity;
   * null: SES's own amazonses.com MAIL FROM (SPF then does not align, DKIM alone carries DMARC).
   */
  mailFromSubdomain: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i, { error: (issue) => `not a DNS label: ${JSON.stringify(issue.input)}` })
    .nullable()
    .optional(),
};

export const infraConfigSchema = runtimeConfigSchema.safeExtend(infraOnlyShape).superRefine((config, ctx) => {
  // SES authorises SendRawEmail against the identity; a sender outside it would fail on every send.
  const identity = config.sesIdentity.toLowerCase();
  const sender = config.sender.address.toLowerCase();
  const senderDomain = sender.slice(sender.lastIndexOf('@') + 1);
  const covered = identity.includes('@') ? sender === identity : senderDomain === identity || senderDomain.endsWith(`.${identity}`);
  if (!covered) {
    ctx.addIssue({
      code: 'custom',
      path: ['sender', 'address'],
      message: `sender ${JSON.stringify(config.sender.address)} is not covered by sesIdentity ${JSON.stringify(config.sesIdentity)}`,
    });
  }
  if (typeof config.mailFromSubdomain === 'string' && identity.includes('@')) {
    ctx.addIssue({
      code: 'custom',
      path: ['mailFromSubdomain'],
      message: `a custom MAIL FROM needs a domain identity, sesIdentity is an address: ${JSON.stringify(config.sesIdentity)} (set null)`,
    });
  }
});

export type InfraConfigInput = z.input<typeof infraConfigSchema>;
export type InfraConfig = z.output<typeof infraConfigSchema>;

/** The deployment config, parsed: `runtime` goes into the Lambda's environment as is. */
export interface LoadedConfig {
  readonly infra: InfraConfig;
  readonly runtime: RuntimeConfig;
}

/**
 * Parse and validate a config at synth time. Throws `Invalid report config (N issues):` followed by every
 * issue, one per line, formatted by `formatIssues` (field path and message, which names the bad value).
 */
export const loadConfig = (input: unknown): LoadedConfig => {
  const parsed = infraConfigSchema.safeParse(input);
  if (!parsed.success) {
    const count = parsed.error.issues.length;
    throw new Error(`Invalid report config (${count} issue${count === 1 ? '' : 's'}):\n${formatIssues(parsed.error)}`);
  }
  const infra = parsed.data;
  // Keep exactly the runtime keys and parse them again with the Lambda's own schema: what goes into
  // REPORT_CONFIG is, by construction, something the function accepts at cold start.
  const runtimeKeys = Object.keys(runtimeConfigSchema.shape) as (keyof RuntimeConfig)[];
  const runtime = runtimeConfigSchema.parse(
    Object.fromEntries(runtimeKeys.filter((key) => infra[key] !== undefined).map((key) => [key, infra[key]])),
  );
  return { infra, runtime };
};
