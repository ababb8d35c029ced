import * as z from 'zod';
import { emailAddressSchema } from '../config/config-schema.ts';

/** SES's limit on the recipients of one message: a redirected copy goes to all of them at once. */
const MAX_REDIRECT_ADDRESSES = 50;

/**
 * One schema for both ways in: the schedule's event (`group` + `scheduledTime`, set by EventBridge
 * Scheduler) and an operator's console test event (`month`, `companies`, `people`, `dryRun`, `redirectTo`,
 * `force`, `summary`, `sendIncompleteSummary`). Strict, so a typo such as `"dryrun"` is an error
 * instead of a real send.
 */
export const reportEventSchema = z.strictObject({
  /** Report group name from the config; optional when the config has exactly one group. */
  group: z.string().min(1).optional(),
  /** ISO 8601 instant the schedule fired (`<aws.scheduler.scheduled-time>`). */
  scheduledTime: z.iso.datetime({ offset: true, error: (issue) => `not an ISO 8601 date-time: ${JSON.stringify(issue.input)}` }).optional(),
  /** Report this calendar month ("2026-03") instead of the previous one. */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: (issue) => `must look like "2026-03": ${JSON.stringify(issue.input)}` })
    .optional(),
  /** Only these IOBot company ids. */
  companies: z.array(z.number().int().positive()).min(1).optional(),
  /**
   * Only these people of the chosen companies (configured To, Cc or Bcc addresses): a forced re-send of
   * one person's uncertain or refused copy does not send the others theirs again.
   */
  people: z.array(emailAddressSchema).min(1).optional(),
  /** Render and report, but send nothing and write nothing. */
  dryRun: z.boolean().default(false),
  /** Send every email to these addresses instead of the configured recipients (tests, previews). */
  redirectTo: z
    .array(emailAddressSchema)
    .min(1)
    .max(MAX_REDIRECT_ADDRESSES, {
      error: (issue) =>
        `at most ${MAX_REDIRECT_ADDRESSES} addresses (SES accepts 50 recipients per message), got ${(issue.input as unknown[]).length}`,
    })
    .optional(),
  /** Send even if the ledger says this month already went out to these recipients. */
  force: z.boolean().default(false),
  /**
   * Verify mode (the missed-month watchdog): read the ledger for the month, publish the metrics, send
   * nothing. With `month`, checks that month now; with `scheduledTime`, only at the month's deadline.
   */
  verify: z.boolean().default(false),
  /** Also send the group summary email (when the group has summary recipients). */
  summary: z.boolean().default(true),
  /**
   * Send the group summary even though some companies of the month are not accounted for (failed,
   * held); it then lists them and why. Without it such a summary is `held` until a re-run completes the month.
   */
  sendIncompleteSummary: z.boolean().default(false),
  /** Re-send the archived bytes of `month` (required) instead of fetching IOBot and rendering again. */
  fromArchive: z.boolean().default(false),
});

export type ReportEvent = z.output<typeof reportEventSchema>;
