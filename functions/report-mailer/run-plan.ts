/** Turns a validated event into what to do: which group, month, companies and delivery mode. */
import type { Recipients, ReportGroup, RuntimeConfig } from '../config/config-schema.ts';
import { InvalidInputError } from '../shared/invalid-input-error.ts';
import { monthAt, monthBefore, monthPeriod, previousMonth, type ReportPeriod } from '../shared/report-period.ts';
import { LEDGER_RETENTION_DAYS } from '../ledger/send-ledger.ts';
import type { ReportEvent } from './event.ts';
import type { PersonOutcome } from './run-summary.ts';

export interface RunPlan {
  group: ReportGroup;
  period: ReportPeriod;
  /** Only these company ids (all configured companies when absent). */
  companies?: number[] | undefined;
  /** Only these people (lower case) of those companies: everyone configured when absent. */
  people?: string[] | undefined;
  dryRun: boolean;
  redirectTo?: string[] | undefined;
  force: boolean;
  summary: boolean;
  /** Send the group summary even with companies missing (it names them). */
  sendIncompleteSummary: boolean;
  /** Re-send what the archive holds for the month (resend-from-archive.ts), no IOBot call. */
  fromArchive?: boolean | undefined;
}

/** Who receives an email in this run: the testers of `redirectTo` when set, else its configured recipients. */
export const recipientsFor = (plan: Pick<RunPlan, 'redirectTo'>, configured: Recipients): Recipients =>
  plan.redirectTo ? { to: plan.redirectTo, cc: [], bcc: [] } : { to: configured.to, cc: configured.cc, bcc: configured.bcc };

export interface Person {
  address: string;
  field: PersonOutcome['field'];
}

/**
 * The people of an email in config order (to, cc, bcc), each address once (case-insensitive, its first
 * field wins), only those the event names (`people`); the testers instead on a redirected run.
 */
export const peopleOf = (plan: Pick<RunPlan, 'redirectTo' | 'people'>, configured: Recipients): Person[] => {
  const seen = new Set<string>();
  const fields: [PersonOutcome['field'], string[]][] = plan.redirectTo
    ? [['to', plan.redirectTo]]
    : [
        ['to', configured.to],
        ['cc', configured.cc],
        ['bcc', configured.bcc],
      ];
  return fields.flatMap(([field, addresses]) =>
    addresses.flatMap((raw) => {
      const address = raw.trim();
      const folded = address.toLowerCase();
      if (seen.has(folded) || (plan.people && !plan.people.includes(folded))) return [];
      seen.add(folded);
      return [{ address, field }];
    }),
  );
};

/**
 * The month an event resolves to, from either field: one that has ended in the group's zone (a month
 * still running would be mailed with partial numbers and recorded as sent, so the real run on the 1st
 * would skip it), and not before the group's earliest month. A dry run may preview the running month.
 * A console event may carry `scheduledTime` as well as `month`, so the bounds apply to both; the
 * schedule's own event always resolves to the month just ended, which passes.
 */
const checkedMonth = (month: string, source: string, dryRun: boolean, group: ReportGroup, now: Date): ReportPeriod => {
  const running = monthAt(now, group.timeZone);
  const lastEnded = monthBefore(monthPeriod(running, group.timeZone)).month;
  const allowed = `allowed: ${group.earliestMonth} to ${lastEnded} (a dry run may also preview ${running})`;
  if (month < group.earliestMonth) {
    throw new InvalidInputError(
      `Invalid event:\nmonth: ${month}${source} is before the earliest month of group "${group.name}"; ${allowed}`,
    );
  }
  if (month > running || (month === running && !dryRun)) {
    throw new InvalidInputError(`Invalid event:\nmonth: ${month}${source} has not ended yet in ${group.timeZone}; ${allowed}`);
  }
  return monthPeriod(month, group.timeZone);
};

export const resolveRunPlan = (
  event: ReportEvent,
  config: RuntimeConfig,
  now: Date,
  { ledgerRetentionDays = LEDGER_RETENTION_DAYS }: { ledgerRetentionDays?: number } = {},
): RunPlan => {
  const names = config.groups.map((group) => group.name);
  let group = config.groups[0];
  if (event.group !== undefined) {
    group = config.groups.find((candidate) => candidate.name === event.group);
    if (!group)
      throw new InvalidInputError(
        `Invalid event:\ngroup: unknown report group ${JSON.stringify(event.group)} (configured: ${names.join(', ')})`,
      );
  } else if (config.groups.length > 1) {
    throw new InvalidInputError(`Invalid event:\ngroup: required when several groups are configured (${names.join(', ')})`);
  }
  if (!group) throw new InvalidInputError('Invalid config: no report group configured');

  if (event.companies) {
    const known = new Set(group.companies.map((company) => company.id));
    const unknown = event.companies.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new InvalidInputError(
        `Invalid event:\ncompanies: ${unknown.join(', ')} not configured in group "${group.name}" (configured: ${[...known].join(', ')})`,
      );
    }
  }

  if (event.people) {
    if (!event.companies) {
      throw new InvalidInputError('Invalid event:\npeople: needs "companies" (the companies whose people they are)');
    }
    if (event.redirectTo) {
      throw new InvalidInputError('Invalid event:\npeople: contradicts "redirectTo" (the testers receive every copy); remove one');
    }
    const chosen = group.companies.filter((company) => event.companies?.includes(company.id));
    const configured = new Set(
      chosen.flatMap((company) => [...company.to, ...company.cc, ...company.bcc]).map((a) => a.trim().toLowerCase()),
    );
    const strangers = event.people.filter((address) => !configured.has(address.trim().toLowerCase()));
    if (strangers.length > 0) {
      throw new InvalidInputError(
        `Invalid event:\npeople: ${strangers.join(', ')} not configured for companies ${event.companies.join(', ')} of group "${group.name}"`,
      );
    }
  }

  if (event.sendIncompleteSummary && event.companies) {
    throw new InvalidInputError(
      'Invalid event:\nsendIncompleteSummary: the group summary goes out only from a run of the whole group; remove "companies"',
    );
  }
  if (event.sendIncompleteSummary && !event.summary) {
    throw new InvalidInputError('Invalid event:\nsendIncompleteSummary: contradicts "summary": false');
  }
  if (event.fromArchive && !event.month) {
    throw new InvalidInputError(
      'Invalid event:\nmonth: required with "fromArchive": true (which archived month to re-send, e.g. "2026-03")',
    );
  }

  // The schedule's own time, not "now": a retry hours later must report the same month.
  const period = event.month
    ? checkedMonth(event.month, '', event.dryRun, group, now)
    : event.scheduledTime
      ? checkedMonth(
          previousMonth(new Date(event.scheduledTime), group.timeZone).month,
          ` (from scheduledTime ${event.scheduledTime})`,
          event.dryRun,
          group,
          now,
        )
      : previousMonth(now, group.timeZone);

  // A ledger item written at or after the month's end lives ledgerRetentionDays: past that, "no
  // record" no longer means "not sent", so only an operator's force may send the month to customers.
  const forgottenBy = new Date(period.endDate).getTime() + ledgerRetentionDays * 86_400_000;
  if (!event.force && !event.dryRun && !event.redirectTo && !event.fromArchive && forgottenBy <= now.getTime()) {
    throw new InvalidInputError(
      `Invalid event:\nmonth: ${period.month} ended more than ${ledgerRetentionDays} days ago: the send ledger may no longer hold who received it, so this run could send it twice; check the archive, then re-run with "force": true (or use "dryRun" or "redirectTo")`,
    );
  }

  return {
    group,
    period,
    companies: event.companies ? [...new Set(event.companies)] : undefined,
    people: event.people ? [...new Set(event.people.map((address) => address.trim().toLowerCase()))] : undefined,
    dryRun: event.dryRun,
    redirectTo: event.redirectTo,
    force: event.force,
    summary: event.summary,
    sendIncompleteSummary: event.sendIncompleteSummary,
    fromArchive: event.fromArchive,
  };
};
