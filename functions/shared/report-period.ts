/** Report periods: calendar months in a group's IANA time zone, as the UTC instants IOBot filters on. */
import { DateTime } from 'luxon';
import { memoize } from './memoize.ts';

/** A calendar month in a group's time zone, with the UTC instants IOBot filters on. */
export interface ReportPeriod {
  /** "2026-04" */
  month: string;
  timeZone: string;
  /** First millisecond of the month in the zone, as ISO 8601 UTC: "2026-04-01T06:00:00.000Z". */
  startDate: string;
  /** Last millisecond of the month in the zone, as ISO 8601 UTC: "2026-05-01T05:59:59.999Z". */
  endDate: string;
}

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

// Every render asks for the same few months (the report's and its history): luxon's zone math is
// the costliest step of a render, so each (month, zone) is computed once per execution environment.
// Callers get a copy: a period is a plain object they may spread or change.
const knownPeriod = memoize(
  (month: string, timeZone: string) => `${month}|${timeZone}`,
  (month: string, timeZone: string) => computeMonthPeriod(month, timeZone),
);

/** The period for an explicit "YYYY-MM" month in `timeZone`. */
export const monthPeriod = (month: string, timeZone: string): ReportPeriod => ({ ...knownPeriod(month, timeZone) });

const computeMonthPeriod = (month: string, timeZone: string): ReportPeriod => {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new RangeError(`month must look like "2026-04", got ${JSON.stringify(month)}`);
  const start = DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: 1 }, { zone: timeZone });
  if (!start.isValid) throw new RangeError(`unknown time zone ${JSON.stringify(timeZone)}: ${start.invalidExplanation}`);
  const end = start.endOf('month');
  return {
    month: start.toFormat('yyyy-MM'),
    timeZone,
    startDate: start.toUTC().toISO(),
    endDate: end.toUTC().toISO(),
  } as ReportPeriod;
};

/**
 * The calendar month before `at`, as seen on a wall clock in `timeZone`. `at` is the schedule's
 * scheduled time, not "now", so a retry hours later (or on the 2nd) still reports the same month.
 */
export const previousMonth = (at: Date, timeZone: string): ReportPeriod => {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`unknown time zone ${JSON.stringify(timeZone)}: ${local.invalidExplanation}`);
  return monthPeriod(local.startOf('month').minus({ months: 1 }).toFormat('yyyy-MM'), timeZone);
};

/** The calendar month ("2026-04") that `at` falls in, on a wall clock in `timeZone`. */
export const monthAt = (at: Date, timeZone: string): string => {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`unknown time zone ${JSON.stringify(timeZone)}: ${local.invalidExplanation}`);
  return local.toFormat('yyyy-MM');
};

/** The `count` months before `period`, most recent first: a report's history. */
export const monthsBefore = (period: ReportPeriod, count: number): ReportPeriod[] =>
  Array.from({ length: count }, (_, index) => monthBefore(period, index + 1));

/** The month before `period`, in the same zone (for month-over-month comparisons). */
export const monthBefore = (period: ReportPeriod, count = 1): ReportPeriod => {
  // Calendar arithmetic on "YYYY-MM" needs no zone; the zone only matters for the instants.
  const [year, month] = period.month.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - count;
  return monthPeriod(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`, period.timeZone);
};
