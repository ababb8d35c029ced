/**
 * The report configuration: one schema, used twice. `cdk synth` validates the infra config with it
 * (so a typo fails the deploy, not the first of the month), and the Lambda parses the same JSON from
 * its environment at cold start.
 */
import * as z from 'zod';
import { contrastRatio, HEX_COLOR } from '../shared/color-contrast.ts';

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    // Intl accepts fixed offsets such as "+01:00"; a report group wants a real IANA zone (DST rules).
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
};

const isLocale = (locale: string): boolean => {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length === 1;
  } catch {
    return false;
  }
};

const isLoopbackHost = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);

const isSafeApiBaseUrl = (value: string): boolean => {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
};

export const emailAddressSchema = z
  .string()
  .trim()
  .refine((value) => z.email().safeParse(value).success && !/[\r\n]/.test(value), {
    error: (issue) => `not a valid email address: ${JSON.stringify(issue.input)}`,
  });

const addressList = z.array(emailAddressSchema);

export const recipientsSchema = z.strictObject({
  to: addressList.min(1, { error: 'needs at least one "to" address' }),
  cc: addressList.default([]),
  bcc: addressList.default([]),
});

/** Optional monthly targets, shown in the company's email as actual against target. */
export const companyTargetsSchema = z.strictObject({
  /** Amount sold in the month, in the company's currency. */
  salesAmount: z.number().positive().optional(),
  /** Number of sales in the month. */
  salesCount: z.number().int().positive().optional(),
});

export const companyRecipientsSchema = z.strictObject({
  /** IOBot business id (`data.id` in the answer). */
  id: z.number().int().positive(),
  /** Optional label for logs and the console; the email always uses IOBot's `nombre`. */
  label: z.string().optional(),
  ...recipientsSchema.shape,
  targets: companyTargetsSchema.optional(),
});

/** The backgrounds an accent colour is drawn on: the light card and the dark-mode card. */
export const ACCENT_BACKGROUNDS = { light: '#ffffff', dark: '#1b2027' } as const;
/** Bars and other graphics need 3:1 against what is behind them (WCAG 1.4.11). */
const ACCENT_MIN_CONTRAST = 3;

const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !/[\r\n]/.test(value), { error: 'must not contain line breaks' });

export const brandingSchema = z.strictObject({
  /** Replaces the company logo IOBot sends (`img_wa`) at the top of every email of the group. */
  logoUrl: z.url({ protocol: /^https$/, error: (issue) => `not an https URL: ${JSON.stringify(issue.input)}` }).optional(),
  /** Bars of the trend and the tags; must keep 3:1 against the light and the dark card. */
  accentColor: z
    .string()
    .regex(HEX_COLOR, { error: (issue) => `not a #rrggbb colour: ${JSON.stringify(issue.input)}` })
    .superRefine((color, ctx) => {
      for (const [mode, background] of Object.entries(ACCENT_BACKGROUNDS)) {
        const ratio = contrastRatio(color, background);
        if (ratio < ACCENT_MIN_CONTRAST) {
          ctx.addIssue({
            code: 'custom',
            message: `${color} has ${ratio.toFixed(2)}:1 contrast against the ${mode}-mode card (${background}); bars need at least ${ACCENT_MIN_CONTRAST}:1`,
          });
        }
      }
    })
    .default('#2f6fde'),
  /** The From display name of this group's emails (the address stays `sender.address`); default `sender.name`. */
  senderName: singleLine(80).optional(),
  /** Who sends the report, in the footer ("{sentBy} envía este reporte…"). */
  sentBy: singleLine(80).default('IOBot'),
  /** Whom to contact, in the footer, e.g. "soporte@aquatec.hn o +504 2222-0000". Without it: "reply to this email". */
  contact: singleLine(160).optional(),
  /** Ad thumbnails in the ads table; off keeps the table clean where images are blocked. */
  adThumbnails: z.boolean().default(true),
});

export const reportGroupSchema = z
  .strictObject({
    /** Short, stable identifier: used in schedule names, the send ledger and console events. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, {
      error: (issue) => `must be lowercase letters, digits and dashes (max 40): ${JSON.stringify(issue.input)}`,
    }),
    /**
     * The group's name as its directors know it ("Aquatec"), in the group summary's subject and title;
     * without it the root business's name from IOBot, then `name`.
     */
    displayName: z
      .string()
      .refine((value) => value.trim().length > 0 && value.length <= 80 && !/[\r\n]/.test(value), {
        error: (issue) => `must be one line of 1 to 80 characters: ${JSON.stringify(issue.input)}`,
      })
      .transform((value) => value.trim())
      .optional(),
    /** Root business with `feature_flags.aquatec_shared_report` enabled. */
    businessId: z.number().int().positive(),
    timeZone: z.string().refine(isTimeZone, {
      error: (issue) => `unknown IANA time zone: ${JSON.stringify(issue.input)}`,
    }),
    locale: z
      .string()
      .refine(isLocale, { error: (issue) => `unsupported locale: ${JSON.stringify(issue.input)}` })
      .default('es-HN'),
    language: z.enum(['es', 'en']).default('es'),
    schedule: z
      .strictObject({
        // 28 keeps every month valid; the report is about the previous month anyway.
        dayOfMonth: z.number().int().min(1).max(28).default(1),
        hour: z.number().int().min(0).max(23).default(7),
        minute: z.number().int().min(0).max(59).default(0),
      })
      .default({ dayOfMonth: 1, hour: 7, minute: 0 }),
    /**
     * The first month a console event may report (the schedule always reports the month just
     * ended). Months before it have no data in IOBot's shared report; a typo such as 1900-01
     * would otherwise be mailed as an all-zero month.
     */
    earliestMonth: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: (issue) => `must look like "2024-01": ${JSON.stringify(issue.input)}` })
      .default('2024-01'),
    companies: z.array(companyRecipientsSchema).min(1, { error: 'needs at least one company' }),
    summaryRecipients: recipientsSchema.optional(),
    /** Send a company's report even when its numbers fail the consistency checks. */
    sendOnFailedChecks: z.boolean().default(false),
    /**
     * Exchange rates from an ad-spend currency to an amount currency, e.g. { "USD:HNL": 24.7 },
     * so ROAS can be shown across currencies. Without a rate, ROAS is shown only when they match.
     */
    exchangeRates: z
      .record(z.string().regex(/^[A-Z]{3}:[A-Z]{3}$/, { error: 'keys look like "USD:HNL"' }), z.number().positive())
      .default({}),
    /** Logo, accent colour, footer sender and contact; the defaults look like the standard report. */
    branding: brandingSchema.default({ accentColor: '#2f6fde', sentBy: 'IOBot', adThumbnails: true }),
  })
  .superRefine((group, ctx) => {
    const seen = new Set<number>();
    group.companies.forEach((company, index) => {
      if (seen.has(company.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['companies', index, 'id'],
          message: `duplicate company id ${company.id}`,
        });
      }
      seen.add(company.id);
    });
  });

export const runtimeConfigSchema = z
  .strictObject({
    sender: z.strictObject({
      address: emailAddressSchema,
      name: z
        .string()
        .min(1)
        .refine((value) => !/[\r\n]/.test(value), { error: 'must not contain line breaks' }),
      replyTo: emailAddressSchema.optional(),
    }),
    /** https only: the API key travels with every request. Plain http only to this machine (local run, tests). */
    apiBaseUrl: z.string().refine(isSafeApiBaseUrl, {
      error: (issue) =>
        `must be an https URL (plain http only for loopback hosts such as 127.0.0.1 or localhost): ${JSON.stringify(issue.input)}`,
    }),
    /** SES sends per second across the run; keep it under the account's quota. */
    sendRatePerSecond: z.number().positive().max(500).default(5),
    /** Top-N rows shown in the email; the full tables go in the CSV attachment. */
    maxTableRows: z.number().int().min(1).max(100).default(15),
    groups: z.array(reportGroupSchema).min(1, { error: 'needs at least one report group' }),
    /**
     * The missed-month watchdog checks, this many hours after each group's scheduled time, that every
     * email of the month is in the send ledger; it alarms (and mails the operators) when one is not.
     */
    missedMonthAfterHours: z.number().int().min(1).max(48).default(6),
    /** Operators who get the run report (group's language) after a run that did not deliver everything. */
    operatorReport: z
      .strictObject({
        to: addressList.min(1, { error: 'needs at least one operator address' }),
        /** Also after runs where everything went out. */
        everyRun: z.boolean().default(false),
      })
      .optional(),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.groups.forEach((group, index) => {
      if (seen.has(group.name)) {
        ctx.addIssue({ code: 'custom', path: ['groups', index, 'name'], message: `duplicate group name "${group.name}"` });
      }
      seen.add(group.name);
      // The watchdog checks month M's run on day ≤ 28 of M, so even February has that day.
      const { dayOfMonth, hour, minute } = group.schedule;
      const deadlineDay = dayOfMonth + Math.floor((hour * 60 + minute + config.missedMonthAfterHours * 60) / 1440);
      if (deadlineDay > 28) {
        ctx.addIssue({
          code: 'custom',
          path: ['groups', index, 'schedule', 'dayOfMonth'],
          message: `with missedMonthAfterHours ${config.missedMonthAfterHours} the missed-month check would fall on day ${deadlineDay}, which February lacks: schedule the group earlier in the month or lower missedMonthAfterHours`,
        });
      }
    });
  });

export type RuntimeConfig = z.output<typeof runtimeConfigSchema>;
export type RuntimeConfigInput = z.input<typeof runtimeConfigSchema>;
export type ReportGroup = z.output<typeof reportGroupSchema>;
export type Branding = z.output<typeof brandingSchema>;
export type Recipients = z.output<typeof recipientsSchema>;
export type CompanyRecipients = z.output<typeof companyRecipientsSchema>;
export type CompanyTargets = z.output<typeof companyTargetsSchema>;
