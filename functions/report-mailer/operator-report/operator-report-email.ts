/**
 * When and what to tell the operators: after a run that did not deliver everything (or every run, when
 * configured) and after a missed-month check that found a gap. Turns the run summary or the month check
 * into report lines, each problem with the console event that fixes it, and sends the email. Never
 * throws: the report must not turn a run's outcome into a different one.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ReportGroup, RuntimeConfig } from '../../config/config-schema.ts';
import { composeMessage } from '../../delivery/compose-message.ts';
import type { SendRawEmail } from '../../delivery/ses-sender.ts';
import { EMAIL_STATES, FIX_BY_ADVICE, OUTCOME_STATUSES, type Advice } from '../../ledger/email-state.ts';
import { renderOperatorReport, type OperatorEmailLine, type OperatorReportInput } from '../../report/operator-report.ts';
import { monthPeriod } from '../../shared/report-period.ts';
import type { SuppressionList } from '../../shared/suppression-list.ts';
import type { EmailOutcome, RunSummary } from '../run-summary.ts';
import { deadlineFor, type MonthCheck, type VerifiedEmail } from '../watchdog/verify-month.ts';

export interface ConsoleLocation {
  region: string;
  functionName: string;
  logGroupName: string;
}

export interface OperatorReportDeps {
  config: Pick<RuntimeConfig, 'sender' | 'operatorReport' | 'missedMonthAfterHours'>;
  sendRaw: SendRawEmail;
  logger: Logger;
  console: ConsoleLocation;
  /** The group's unsubscribes, listed so the operators can take them out of the config. */
  suppressions: Pick<SuppressionList, 'listNew'>;
}

/** Deep links to the function's log group and to its Test tab, where the fix events are run. */
export const consoleLinks = ({ region, functionName, logGroupName }: ConsoleLocation): OperatorReportInput['links'] => {
  // The CloudWatch console wants the log group name URL-encoded twice over, with "$" for "%".
  const group = encodeURIComponent(encodeURIComponent(logGroupName)).replace(/%/g, '$');
  return {
    logsUrl: `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${group}`,
    testUrl: `https://${region}.console.aws.amazon.com/lambda/home?region=${region}#/functions/${encodeURIComponent(functionName)}?tab=testing`,
  };
};

/**
 * The summary goes out only with a full run of the month, where `force` would re-send every company
 * too: its event never forces. A company can be re-run (and forced) alone, and a forced one only for
 * `people`, the ones whose copy needs it: the others got theirs.
 */
const eventFor = (
  group: string,
  month: string,
  target: number | 'summary',
  force = false,
  people: string[] = [],
): Record<string, unknown> =>
  target === 'summary'
    ? { group, month }
    : { group, month, companies: [target], ...(force ? { force: true } : {}), ...(force && people.length > 0 ? { people } : {}) };

/** The advice (named in ledger/email-state.ts) with the console event FIX_BY_ADVICE gives it; `people`: whose copy it is about. */
const fixFor = (
  group: string,
  month: string,
  target: number | 'summary',
  advice: Advice | undefined,
  people: string[] = [],
): OperatorEmailLine['fix'] => {
  if (!advice) return undefined;
  const fix = FIX_BY_ADVICE[advice];
  return {
    advice,
    event: fix === 'month' ? eventFor(group, month, 'summary') : eventFor(group, month, target, fix === 'force', people),
  };
};

/** The people of a run's outcome whose copy is uncertain or refused for good: what a forced fix is for. */
const forcedPeople = (outcome: EmailOutcome): string[] =>
  (outcome.people ?? [])
    .filter((person) => person.status === 'uncertain' || (person.status === 'failed' && person.permanent))
    .map((person) => person.address);

/** One email of a run as the operator report shows it, with the console event that fixes it. */
export const runLine = (summary: RunSummary, outcome: EmailOutcome): OperatorEmailLine => {
  const base = {
    target: outcome.companyId,
    name: outcome.name,
    status: outcome.status,
    reason: outcome.reason,
    problems: outcome.problems,
  };
  const fix = fixFor(
    summary.group,
    summary.period.month,
    outcome.companyId,
    OUTCOME_STATUSES[outcome.status].advice(outcome),
    forcedPeople(outcome),
  );
  // Sent, but its ads could not be set against its sales: a config fix, then a forced re-send.
  const rates = outcome.missingExchangeRates?.length
    ? { pairs: outcome.missingExchangeRates, event: eventFor(summary.group, summary.period.month, outcome.companyId, true) }
    : undefined;
  return { ...base, ...(fix ? { fix } : {}), ...(rates ? { missingExchangeRates: rates } : {}) };
};

const checkLine = (check: MonthCheck, email: VerifiedEmail): OperatorEmailLine => {
  const event = (force = false) => eventFor(check.group, check.month, email.companyId, force);
  // None for an accounted-for email: sent, or nobody left to send to (the unsubscribes section names them).
  const fix = fixFor(
    check.group,
    check.month,
    email.companyId,
    EMAIL_STATES[email.status].advice,
    (email.people ?? []).filter((person) => person.status === 'uncertain' || person.status === 'rejected').map((person) => person.address),
  );
  return {
    target: email.companyId,
    name: email.name,
    status: email.status,
    reason: email.reason,
    ...(fix ? { fix } : {}),
    // The fixed address is a changed recipient list, and the month is already recorded: only force re-sends.
    undelivered: email.undelivered.map((recipient) => ({
      address: recipient.address,
      detail: `${recipient.status}: ${recipient.detail ?? ''}`,
      event: event(true),
    })),
  };
};

/** Whether this run's outcome is worth an email to the operators. */
export const runNeedsReport = (summary: RunSummary, everyRun: boolean): boolean =>
  !summary.dryRun &&
  (everyRun ||
    [...summary.companies, ...(summary.summaryEmail ? [summary.summaryEmail] : [])].some((outcome) => {
      const line = runLine(summary, outcome);
      return line.fix !== undefined || line.missingExchangeRates !== undefined;
    }));

const send = async (input: OperatorReportInput, deps: OperatorReportDeps): Promise<void> => {
  const operators = deps.config.operatorReport;
  if (!operators) return;
  try {
    const email = renderOperatorReport(input);
    const raw = await composeMessage({
      from: deps.config.sender,
      replyTo: deps.config.sender.replyTo,
      to: operators.to,
      cc: [],
      bcc: [],
      subject: email.subject,
      html: email.html,
      text: email.text,
      attachments: [],
      headers: { 'X-IOBot-Operator-Report': `${input.group.name}/${input.month}/${input.kind}` },
    });
    const { messageId } = await deps.sendRaw({ source: deps.config.sender.address, destinations: operators.to, raw });
    deps.logger.info('Operator report sent', { messageId, kind: input.kind });
  } catch (error) {
    deps.logger.error('Operator report could not be sent', { error: error instanceof Error ? error.message : String(error) });
  }
};

type Unsubscribes = Pick<OperatorReportInput, 'unsubscribes' | 'unsubscribesError'>;

/**
 * The unsubscribes of the report of `month`: from the scheduled run that reported the month before
 * (the emails whose links people clicked) up to `until`. The start comes from the schedule, not from
 * a record of the last report sent: a report that failed to go out, a re-run or the watchdog then
 * repeat an address (removing it twice is harmless) instead of losing it, and nothing is stored.
 */
const readUnsubscribes = async (group: ReportGroup, month: string, until: Date, deps: OperatorReportDeps): Promise<Unsubscribes> => {
  const since =
    deadlineFor(group, new Date(monthPeriod(month, group.timeZone).startDate), 0)
      .deadline.toUTC()
      .toISO() ?? '';
  try {
    const entries = await deps.suppressions.listNew(group.name, since, until.toISOString());
    return { unsubscribes: { since, entries: entries.map(({ address, at }) => ({ address, at })) } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.error('Unsubscribes could not be read for the operator report', { error: message });
    return { unsubscribesError: message };
  }
};

const groupOf = (group: ReportGroup): OperatorReportInput['group'] => ({
  name: group.name,
  language: group.language,
  locale: group.locale,
  timeZone: group.timeZone,
});

/**
 * After a run: the report when something was not delivered, when someone unsubscribed since the
 * previous monthly run (the config must be updated), or after every run when configured.
 */
export const reportRun = async (group: ReportGroup, summary: RunSummary, startedAt: Date, deps: OperatorReportDeps): Promise<void> => {
  if (!deps.config.operatorReport || summary.dryRun) return;
  const unsubscribes = await readUnsubscribes(group, summary.period.month, startedAt, deps);
  if (!runNeedsReport(summary, deps.config.operatorReport.everyRun) && !unsubscribes.unsubscribes?.entries.length) return;
  const outcomes = [...summary.companies, ...(summary.summaryEmail ? [summary.summaryEmail] : [])];
  await send(
    {
      kind: 'run',
      group: groupOf(group),
      month: summary.period.month,
      at: startedAt.toISOString(),
      lines: outcomes.map((outcome) => runLine(summary, outcome)),
      links: consoleLinks(deps.console),
      ...unsubscribes,
    },
    deps,
  );
};

/**
 * After the missed-month check: the report when it found a gap, with the month's unsubscribes too.
 * Unsubscribes alone do not send it: the run's report already listed them.
 */
export const reportMonthCheck = async (group: ReportGroup, check: MonthCheck, deps: OperatorReportDeps, now: Date): Promise<void> => {
  if (!deps.config.operatorReport || !check.due || check.gaps === 0) return;
  const unsubscribes = await readUnsubscribes(group, check.month, now, deps);
  await send(
    {
      kind: 'watchdog',
      group: groupOf(group),
      month: check.month,
      at: check.deadline,
      missedMonthAfterHours: deps.config.missedMonthAfterHours,
      lines: check.emails.map((email) => checkLine(check, email)),
      links: consoleLinks(deps.console),
      ...unsubscribes,
    },
    deps,
  );
};
