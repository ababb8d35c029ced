/** Turns a validated event into what to do: which group, month, companies and delivery mode. */
import type { ReportGroup, RuntimeConfig } from '../config/config-schema.ts';
import { InvalidInputError } from '../shared/invalid-input-error.ts';
import { monthPeriod, previousMonth, type ReportPeriod } from '../shared/report-period.ts';
import type { ReportEvent } from './event.ts';

export interface RunPlan {
  group: ReportGroup;
  period: ReportPeriod;
  /** Only these company ids (all configured companies when absent). */
  companies?: number[] | undefined;
  dryRun: boolean;
  redirectTo?: string[] | undefined;
  force: boolean;
  summary: boolean;
}

export const resolveRunPlan = (event: ReportEvent, config: RuntimeConfig, now: Date): RunPlan => {
  const names = config.groups.map((group) => group.name);
  let group = config.groups[0];
  if (event.group !== undefined) {
    group = config.groups.find((candidate) => candidate.name === event.group);
    if (!group) throw new InvalidInputError(`Invalid event:\ngroup: unknown report group ${JSON.stringify(event.group)} (configured: ${names.join(', ')})`);
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

  // The schedule's own time, not "now": a retry hours later must report the same month.
  const period = event.month
    ? monthPeriod(event.month, group.timeZone)
    : previousMonth(event.scheduledTime ? new Date(event.scheduledTime) : now, group.timeZone);

  return {
    group,
    period,
    companies: event.companies ? [...new Set(event.companies)] : undefined,
    dryRun: event.dryRun,
    redirectTo: event.redirectTo,
    force: event.force,
    summary: event.summary,
  };
};
