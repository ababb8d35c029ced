/** The error a run with failed emails ends in: short enough for Lambda, its DLQ and an alarm mail. */
import { redactAddresses } from '../shared/redact-addresses.ts';
import type { EmailOutcome, RunSummary } from './run-summary.ts';

/**
 * The message's ceiling. Lambda puts it in the invocation result and the failed-runs queue; 5,000
 * malformed entries once made it 4.7 MB. The full summary (recipients included) goes to the log.
 */
export const MAX_ERROR_MESSAGE_LENGTH = 4_000;
/** One failure's reason at most: a schema error lists up to ten issues. */
const MAX_REASON_LENGTH = 400;
// Room kept for the tail that says how many more there are (see `more`).
const TAIL_ROOM = 120;

const cut = (text: string, length: number): string => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** Addresses redacted before the cut, so a cut never leaves half of one. */
const describe = (outcome: EmailOutcome): string =>
  redactAddresses(
    `${outcome.companyId}${outcome.name ? ` (${cut(outcome.name, 80)})` : ''}: ${cut(redactAddresses(outcome.reason ?? 'no reason given'), MAX_REASON_LENGTH)}`,
  );

const more = (count: number): string => `; …and ${count} more; the full run summary is in the log ("Monthly report run failed")`;

/** Thrown so Lambda retries and the alarms fire; `summary` keeps the whole run for the log. */
export class ReportRunError extends Error {
  override readonly name = 'ReportRunError';
  constructor(readonly summary: RunSummary) {
    const failed = summary.companies.filter((company) => company.status === 'failed');
    if (summary.summaryEmail?.status === 'failed') failed.push(summary.summaryEmail);
    let message = `${failed.length} email(s) failed for ${summary.group} ${summary.period.month}: `;
    for (const [index, outcome] of failed.entries()) {
      const next = `${index === 0 ? '' : '; '}${describe(outcome)}`;
      const last = index === failed.length - 1;
      if (message.length + next.length > MAX_ERROR_MESSAGE_LENGTH - (last ? 0 : TAIL_ROOM)) {
        message += more(failed.length - index);
        break;
      }
      message += next;
    }
    super(message);
  }
}
