/**
 * The missed-month watchdog's check: does the send ledger hold every email of the month (each company
 * and the group summary, one item per configured person)? It reads only the ledger, so it answers even
 * when the run never started, and it sends nothing.
 */
import { DateTime } from 'luxon';
import type { ReportGroup } from '../../config/config-schema.ts';
import { EMAIL_STATES, VERIFIED_PRECEDENCE, type VerifiedStatus } from '../../ledger/email-state.ts';
import { attemptTime } from '../../ledger/ledger-state.ts';
import { personHash, type SendLedger } from '../../ledger/send-ledger.ts';
import { previousMonth, type ReportPeriod } from '../../shared/report-period.ts';

/** One configured person's copy of the month, as the ledger holds it. */
export interface VerifiedPerson {
  address: string;
  status: VerifiedStatus;
  reason?: string;
}

export interface VerifiedEmail {
  companyId: number | 'summary';
  name?: string;
  /** Each configured person's copy; the email's status is the least settled of theirs. */
  people?: VerifiedPerson[];
  /** `missing`: no ledger record at all (never attempted, or held by the data checks). See ledger/email-state.ts. */
  status: VerifiedStatus;
  reason?: string;
  /** Recipients SES reported a problem for (bounced, complained, rejected), with SES's detail. */
  undelivered: { address: string; status: string; detail?: string }[];
}

export interface MonthCheck {
  group: string;
  month: string;
  /** When the month's emails had to be out: the scheduled time plus `missedMonthAfterHours`. */
  deadline: string;
  /** False on the watchdog's other days: nothing is checked, the run only says the watchdog is alive. */
  due: boolean;
  emails: VerifiedEmail[];
  /** Emails not accounted for: neither sent (to the current or an earlier list) nor left with nobody subscribed. */
  gaps: number;
}

/** The watchdog fires every day at the deadline's time of day; only the first firing at or after it checks. */
const CHECK_WINDOW_HOURS = 24;
const EARLY_TOLERANCE_MINUTES = 5;

/** This month's deadline for `at` (the watchdog's scheduled time), and the month it is about. */
export const deadlineFor = (group: ReportGroup, at: Date, afterHours: number): { deadline: DateTime; period: ReportPeriod } => {
  const { dayOfMonth, hour, minute } = group.schedule;
  const scheduled = DateTime.fromJSDate(at, { zone: group.timeZone }).set({ day: dayOfMonth, hour, minute, second: 0, millisecond: 0 });
  return { deadline: scheduled.plus({ hours: afterHours }), period: previousMonth(scheduled.toJSDate(), group.timeZone) };
};

// The watchdog's reasons, exported so the operator report's wording is tested against what it writes.

/**
 * A forced attempt over a month that went out (or may have): `refused` is SES's answer to the forced
 * copy; `unanswered`, a forced copy handed to SES whose answer was never recorded (only over a sent month).
 */
export const forcedOnTopReason = (
  delivered: { status: string; at: string; messageId?: string | undefined },
  refused: string | undefined,
  unanswered = false,
): string => {
  const earlier = `${delivered.status === 'sent' ? 'sent' : 'handed to SES without a recorded answer'} on ${delivered.at}${delivered.messageId ? ` (message ${delivered.messageId})` : ''}`;
  const later = unanswered
    ? 'a later forced copy was handed to SES without a recorded answer'
    : refused === undefined
      ? 'a later forced attempt was given up before SES'
      : `SES refused a later forced copy (${refused})`;
  return `${earlier}; ${later}`;
};

export const handedUnansweredReason = (at: string): string => `handed to SES on ${at} without a recorded answer`;

export const unsubscribedReason = (at: string): string => `unsubscribed (found on ${at}): nothing to send`;

/** One person's item, read as the watchdog reports it. */
const verifyPerson = async (
  ledger: SendLedger,
  group: ReportGroup,
  month: string,
  now: Date,
  target: number | 'summary',
  address: string,
): Promise<{ person: VerifiedPerson; undelivered: VerifiedEmail['undelivered'] }> => {
  const state = await ledger.read({ group: group.name, month, target, recipientsHash: personHash(address) });
  const undelivered = Object.entries(state?.attempt?.recipients ?? {})
    .filter(([, delivery]) => delivery.status === 'bounced' || delivery.status === 'complained' || delivery.status === 'rejected')
    .map(([recipient, delivery]) => ({
      address: recipient,
      status: delivery.status,
      ...(delivery.detail ? { detail: delivery.detail } : {}),
    }));
  const base = { address };
  if (!state) {
    return {
      undelivered,
      person: {
        ...base,
        status: 'missing',
        reason: 'no record in the send ledger: the run never reached it, it failed before sending, or the company was held',
      },
    };
  }
  const { attempt } = state;
  const newest = state.attempts[0];
  if ((state.status === 'sent' || state.status === 'uncertain') && attempt && newest && newest.claimId !== attempt.claimId) {
    // A forced attempt that did not go through sits on top of a month that went out (or may have).
    const delivered = { status: state.status, at: attemptTime(state), messageId: attempt.messageId };
    const reason = forcedOnTopReason(
      delivered,
      newest.status === 'rejected' ? (newest.reason ?? '?') : undefined,
      newest.status === 'uncertain' || newest.status === 'handing',
    );
    return { undelivered, person: { ...base, status: state.status, reason } };
  }
  const reason =
    state.status === 'released'
      ? `claimed by a run that gave it back without sending it (${attempt?.reason ?? '?'}); the next run sends it`
      : state.status === 'rejected'
        ? attempt?.reason
        : state.status === 'uncertain'
          ? handedUnansweredReason(attempt?.handedAt ?? '?')
          : state.status === 'unsubscribed'
            ? unsubscribedReason(state.unsubscribedAt ?? '?')
            : undefined;
  return { undelivered, person: { ...base, status: EMAIL_STATES[state.status].verified, ...(reason ? { reason } : {}) } };
};

const verifyEmail = async (
  ledger: SendLedger,
  group: ReportGroup,
  month: string,
  now: Date,
  target: { id: number | 'summary'; name?: string | undefined; recipients: { to: string[]; cc: string[]; bcc: string[] } },
): Promise<VerifiedEmail> => {
  const addresses = [
    ...new Map(
      [...target.recipients.to, ...target.recipients.cc, ...target.recipients.bcc].map((a) => [a.trim().toLowerCase(), a.trim()]),
    ).values(),
  ];
  const read = await Promise.all(addresses.map((address) => verifyPerson(ledger, group, month, now, target.id, address)));
  const people = read.map(({ person }) => person);
  const status = VERIFIED_PRECEDENCE.find((candidate) => people.some((person) => person.status === candidate)) ?? 'missing';
  const allUnsubscribed = people.every((person) => person.status === 'unsubscribed');
  // Every person with something to say: not sent, or sent with a note (a later forced attempt failed).
  const unsettled = people.filter(
    (person) => (person.status !== 'sent' || person.reason !== undefined) && (allUnsubscribed || person.status !== 'unsubscribed'),
  );
  const reason = unsettled.map((person) => `${person.address}: ${person.reason ?? person.status}`).join('; ');
  return {
    companyId: target.id,
    ...(target.name ? { name: target.name } : {}),
    // Sent comes before unsubscribed: people partly unsubscribed and otherwise sent make a sent email.
    status,
    ...(reason ? { reason } : {}),
    people,
    undelivered: read.flatMap((entry) => entry.undelivered),
  };
};

/**
 * Checks `period` for `group` (when `due`). `period` and `due` come from the event: the watchdog's
 * scheduled time (see `deadlineFor`), or an operator's explicit month, which is always checked.
 */
export const verifyMonth = async (
  group: ReportGroup,
  check: { period: ReportPeriod; deadline: DateTime; due: boolean; now: Date },
  ledger: SendLedger,
): Promise<MonthCheck> => {
  const { period, deadline, due, now } = check;
  const targets = [
    ...group.companies.map((company) => ({ id: company.id, name: company.label, recipients: company })),
    ...(group.summaryRecipients ? [{ id: 'summary' as const, name: group.name, recipients: group.summaryRecipients }] : []),
  ];
  const emails = due ? await Promise.all(targets.map((target) => verifyEmail(ledger, group, period.month, now, target))) : [];
  const gaps = emails.filter((email) => !EMAIL_STATES[email.status].accountedFor).length;
  return { group: group.name, month: period.month, deadline: deadline.toUTC().toISO() ?? '', due, emails, gaps };
};

/** Whether the watchdog firing at `at` is the month's check (not one of its daily heartbeats). */
export const isCheckDue = (deadline: DateTime, at: Date): boolean => {
  const minutes = DateTime.fromJSDate(at).diff(deadline, 'minutes').minutes;
  return minutes >= -EARLY_TOLERANCE_MINUTES && minutes < CHECK_WINDOW_HOURS * 60;
};
