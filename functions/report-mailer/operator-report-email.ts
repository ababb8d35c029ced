/**
 * When and what to tell the operators: after a run that did not deliver everything (or every run, when
 * configured) and after a missed-month check that found a gap. Turns the run summary or the month check
 * into report lines, each problem with the console event that fixes it, and sends the email. Never
 * throws: the report must not turn a run's outcome into a different one.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ReportGroup, RuntimeConfig } from '../config/config-schema.ts';
import { composeMessage } from '../delivery/compose-message.ts';
import type { SendRawEmail } from '../delivery/ses-sender.ts';
import { renderOperatorReport, type OperatorEmailLine, type OperatorReportInput } from '../report/operator-report.ts';
import type { EmailOutcome, RunSummary } from './run-summary.ts';
import type { MonthCheck, VerifiedEmail } from './verify-month.ts';

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

const eventFor = (group: string, month: string, target: number | 'summary', force = false): Record<string, unknown> =>
  // The summary goes out only with a full run of the month, where `force` would re-send every company
  // too: its event never forces. A company can be re-run (and forced) alone.
  target === 'summary' ? { group, month } : { group, month, companies: [target], ...(force ? { force: true } : {}) };

/** One email of a run as the operator report shows it, with the console event that fixes it. */
export const runLine = (summary: RunSummary, outcome: EmailOutcome): OperatorEmailLine => {
  const base = { target: outcome.companyId, name: outcome.name, status: outcome.status, reason: outcome.reason, problems: outcome.problems };
  const event = (force = false) => eventFor(summary.group, summary.period.month, outcome.companyId, force);
  switch (outcome.status) {
    case 'failed':
      return { ...base, fix: outcome.permanent ? { advice: 'rejected', event: event(true) } : { advice: 'failed', event: event() } };
    case 'held':
      return { ...base, fix: { advice: outcome.companyId === 'summary' ? 'summaryHeld' : 'held', event: event() } };
    case 'uncertain':
      return { ...base, fix: { advice: 'uncertain', event: event(true) } };
    case 'deferred':
      return { ...base, fix: { advice: 'deferred', event: eventFor(summary.group, summary.period.month, 'summary') } };
    case 'skipped':
      return outcome.inProgress ? { ...base, fix: { advice: 'inProgress', event: event() } } : base;
    default:
      return base;
  }
};

const checkLine = (check: MonthCheck, email: VerifiedEmail): OperatorEmailLine => {
  const event = (force = false) => eventFor(check.group, check.month, email.companyId, force);
  const advice = { missing: 'missing', uncertain: 'uncertain', rejected: 'rejected', claimed: 'inProgress', handing: 'inProgress' } as const;
  const fixAdvice = email.status === 'sent' ? undefined : advice[email.status];
  return {
    target: email.companyId,
    name: email.name,
    status: email.status,
    reason: email.reason,
    ...(fixAdvice ? { fix: { advice: fixAdvice, event: fixAdvice === 'missing' ? { group: check.group, month: check.month } : event(fixAdvice === 'uncertain' || fixAdvice === 'rejected') } } : {}),
    undelivered: email.undelivered.map((recipient) => ({ address: recipient.address, detail: `${recipient.status}: ${recipient.detail ?? ''}`, event: event() })),
  };
};

/** Whether this run's outcome is worth an email to the operators. */
export const runNeedsReport = (summary: RunSummary, everyRun: boolean): boolean =>
  !summary.dryRun && (everyRun || [...summary.companies, ...(summary.summaryEmail ? [summary.summaryEmail] : [])].some((outcome) => runLine(summary, outcome).fix));

const send = async (input: OperatorReportInput, deps: OperatorReportDeps): Promise<void> => {
  const operators = deps.config.operatorReport;
  if (!operators) return;
  try {
    const email = renderOperatorReport(input);
    const raw = await composeMessage({ from: deps.config.sender, replyTo: deps.config.sender.replyTo, to: operators.to, cc: [], bcc: [], subject: email.subject, html: email.html, text: email.text, attachments: [], headers: { 'X-IOBot-Operator-Report': `${input.group.name}/${input.month}/${input.kind}` } });
    const { messageId } = await deps.sendRaw({ source: deps.config.sender.address, destinations: operators.to, raw });
    deps.logger.info('Operator report sent', { messageId, kind: input.kind });
  } catch (error) {
    deps.logger.error('Operator report could not be sent', { error: error instanceof Error ? error.message : String(error) });
  }
};

const groupOf = (group: ReportGroup): OperatorReportInput['group'] => ({ name: group.name, language: group.language, locale: group.locale, timeZone: group.timeZone });

/** After a run: the report when something was not delivered (or after every run, when configured). */
export const reportRun = async (group: ReportGroup, summary: RunSummary, startedAt: Date, deps: OperatorReportDeps): Promise<void> => {
  if (!deps.config.operatorReport || !runNeedsReport(summary, deps.config.operatorReport.everyRun)) return;
  const outcomes = [...summary.companies, ...(summary.summaryEmail ? [summary.summaryEmail] : [])];
  await send({ kind: 'run', group: groupOf(group), month: summary.period.month, at: startedAt.toISOString(), lines: outcomes.map((outcome) => runLine(summary, outcome)), links: consoleLinks(deps.console) }, deps);
};

/** After the missed-month check: the report when it found a gap. */
export const reportMonthCheck = async (group: ReportGroup, check: MonthCheck, deps: OperatorReportDeps): Promise<void> => {
  if (!check.due || check.gaps === 0) return;
  await send(
    { kind: 'watchdog', group: groupOf(group), month: check.month, at: check.deadline, missedMonthAfterHours: deps.config.missedMonthAfterHours, lines: check.emails.map((email) => checkLine(check, email)), links: consoleLinks(deps.console) },
    deps,
  );
};
