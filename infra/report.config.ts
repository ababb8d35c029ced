import type { InfraConfigInput } from './config-schema.ts';
import { readRecipientsCsv } from './recipients-csv.ts';

/**
 * Who gets which report, when, and from whom. Edit, then `npx cdk deploy`: `cdk synth` validates this file
 * (infra/config-schema.ts) and fails with the field path of every mistake before anything is deployed.
 *
 * Everything except the "infrastructure only" block is bundled with the Lambda's code as report-config.json
 * (no size limit; `npm run config:diff` shows what a deploy would change). Companies are listed inline or
 * read from a CSV in infra/recipients/ (company_id,label,to,cc,bcc), checked row by row at synth.
 */
export const reportConfig: InfraConfigInput = {
  sender: {
    address: 'reportes@example.com',
    name: 'IOBot Reportes',
    // replyTo: 'soporte@example.com',
  },
  apiBaseUrl: 'https://beta.api-iobot-desarrollo.com',
  /** SES sends per second for a run; keep it under the account's SES sending rate. */
  sendRatePerSecond: 5,
  /** Rows per table in the email; the CSV attachment has all of them. */
  maxTableRows: 15,

  groups: [
    {
      name: 'aquatec',
      /** The name the directors read in the group summary (name above is the slug in schedules and events). */
      displayName: 'Aquatec',
      /** Root business with the `aquatec_shared_report` feature flag. */
      businessId: 1,
      timeZone: 'America/Tegucigalpa',
      locale: 'es-HN',
      language: 'es',
      /** Local time in `timeZone`: the 1st of every month at 07:00 reports the previous month. */
      schedule: { dayOfMonth: 1, hour: 7, minute: 0 },
      /** Inline works too: [{ id: 1, label: 'Aquatec Central', to: ['gerencia@example.com'], cc: [...] }]. */
      companies: readRecipientsCsv(new URL('./recipients/aquatec.csv', import.meta.url)),
      summaryRecipients: { to: ['direccion@example.com'] },
      /** false: a company whose numbers fail the consistency checks is held (alarm), not sent. */
      sendOnFailedChecks: false,
      /** Ad spend is in USD, amounts in HNL: the rate lets the email show ROAS. */
      exchangeRates: { 'USD:HNL': 24.7 },
    },
  ],

  /** The missed-month watchdog alarms when a month's emails are not all out this many hours after the run. */
  missedMonthAfterHours: 6,
  /** Operators get one readable report (group's language) after a run that did not deliver everything. */
  operatorReport: { to: ['operaciones@example.com'], everyRun: false },

  // ---- infrastructure only (not shipped to the Lambda) ----
  /** CloudWatch alarms go to this address (confirm the SNS subscription email after the first deploy). */
  alarmEmail: 'alertas@example.com',
  /** SES identity of the sender: a domain ("example.com") or a single address ("reportes@example.com"). */
  sesIdentity: 'example.com',
  /** IOBot credentials. import: true uses an existing secret of that name instead of creating it. */
  secret: { name: 'iobot-report-mailer/iobot-credentials', import: false },
  logRetentionDays: 90,
  /** 1 = never two runs at once; null on accounts with a concurrency quota of 10 (see config-schema.ts). */
  reservedConcurrency: 1,
};
