/**
 * What a run says about itself: one outcome per email (company or group summary), and the counts that
 * become metrics, alarms and the console's answer.
 */
import type { Recipients } from '../config/config-schema.ts';
import { DELIVERY_PRECEDENCE, OUTCOME_STATUSES, type DeliveryStatus, type OutcomeStatus } from '../ledger/email-state.ts';
import type { ReportPeriod } from '../shared/report-period.ts';

/** What each status means, and how it reads elsewhere: ledger/email-state.ts. */
export type { OutcomeStatus } from '../ledger/email-state.ts';

/** One person's copy of an email (each configured address gets its own message and ledger item). */
export interface PersonOutcome {
  address: string;
  /** Where the config names them; a tester of a redirected run is `to`. */
  field: 'to' | 'cc' | 'bcc';
  status: DeliveryStatus;
  messageId?: string;
  reason?: string;
  permanent?: boolean;
  /** Skipped because this person unsubscribed from the group. */
  unsubscribed?: boolean;
  inProgress?: boolean;
}

export interface EmailOutcome {
  companyId: number | 'summary';
  name?: string;
  status: OutcomeStatus;
  recipients?: Recipients;
  subject?: string;
  messageId?: string;
  htmlBytes?: number;
  reason?: string;
  /** A failure SES will repeat however often it is retried (recorded in the ledger; see send-ledger.ts). */
  permanent?: boolean;
  /** Skipped on purpose: every recipient unsubscribed, so the month is complete without it. */
  allUnsubscribed?: boolean;
  /** Skipped because another live invocation holds the email's claim (it reports the outcome). */
  inProgress?: boolean;
  /** Data-check findings (held companies, or sent anyway when the group allows it). */
  problems?: string[];
  /** Each person's copy; the email's status above is theirs combined (`combinePeople`). */
  people?: PersonOutcome[];
  /**
   * Exchange rates this company's ads needed and the group's `exchangeRates` lacks ("USD:GTQ"): its
   * email went out without ROAS or loss flags for those ads. Counted as the CompaniesMissingExchangeRate metric.
   */
  missingExchangeRates?: string[];
}

/**
 * An email's status from its people's: failed if anyone's failed, else uncertain if anyone's is, else
 * sent if anyone's went out in this run, else skipped (already sent, unsubscribed, in progress). The
 * reason names each person not sent, with their field ("cc x@y: ..."); `messageId` is the first one.
 */
export const combinePeople = (
  people: readonly PersonOutcome[],
): Pick<EmailOutcome, 'status' | 'messageId' | 'reason' | 'permanent' | 'allUnsubscribed' | 'inProgress'> => {
  const status: OutcomeStatus = DELIVERY_PRECEDENCE.find((candidate) => people.some((person) => person.status === candidate)) ?? 'skipped';
  const notSent = people.filter((person) => person.status !== 'sent');
  const reason = notSent.map((person) => `${person.field} ${person.address}: ${person.reason ?? person.status}`).join('; ');
  const failed = people.filter((person) => person.status === 'failed');
  const messageId = people.find((person) => person.messageId !== undefined)?.messageId;
  return {
    status,
    ...(messageId ? { messageId } : {}),
    ...(reason ? { reason } : {}),
    ...(failed.length > 0 && failed.every((person) => person.permanent) ? { permanent: true } : {}),
    ...(people.length > 0 && people.every((person) => person.unsubscribed) ? { allUnsubscribed: true } : {}),
    ...(status === 'skipped' && people.some((person) => person.inProgress) ? { inProgress: true } : {}),
  };
};

export interface RunSummary {
  group: string;
  period: Pick<ReportPeriod, 'month' | 'timeZone' | 'startDate' | 'endDate'>;
  dryRun: boolean;
  force: boolean;
  redirectedTo?: string[];
  counts: Record<OutcomeStatus, number>;
  companies: EmailOutcome[];
  summaryEmail?: EmailOutcome;
}

/** The metric each status is counted under (the stack alarms on CompaniesFailed, CompaniesHeld and CompaniesUncertain). */
export const METRIC_BY_STATUS = Object.fromEntries(
  Object.entries(OUTCOME_STATUSES).map(([status, reading]) => [status, reading.metric]),
) as Record<OutcomeStatus, string>;

/** Companies whose ads needed an exchange rate the config lacks (see EmailOutcome.missingExchangeRates). */
export const MISSING_EXCHANGE_RATE_METRIC = 'CompaniesMissingExchangeRate';

export const countOutcomes = (outcomes: readonly EmailOutcome[]): Record<OutcomeStatus, number> => {
  const counts: Record<OutcomeStatus, number> = { sent: 0, skipped: 0, failed: 0, held: 0, deferred: 0, uncertain: 0 };
  for (const outcome of outcomes) counts[outcome.status] += 1;
  return counts;
};
