/**
 * The operator run report: one email to the operators, in the group's language, saying what happened to
 * every email of a run (or what the missed-month check found) and, for each problem, the console event
 * that fixes it. Pure: the caller decides statuses, advice and events; this only words and renders them.
 */
import Handlebars from 'handlebars/runtime';
import { DateTime } from 'luxon';
import { cleanText, fill, formatMonth, textLocale } from './format/format.ts';
import { timeZonePlace } from './format/time-zone-place.ts';
import { locales, operatorReportHtml, operatorReportText, type Language } from './generated/templates.ts';
import { translateReason } from './operator-reasons.ts';
import type { RenderedEmail } from './company/render-company-email.ts';

/** A run's and the watchdog's statuses (ledger/email-state.ts's `OutcomeStatus | VerifiedStatus`; its test checks). */
export type OperatorStatus =
  | 'sent'
  | 'skipped'
  | 'held'
  | 'failed'
  | 'uncertain'
  | 'deferred'
  | 'missing'
  | 'handing'
  | 'rejected'
  | 'unsubscribed';
/** The names of ledger/email-state.ts's `Advice` (report/ may not import the ledger; its test checks they match). */
export type OperatorAdvice = 'failed' | 'rejected' | 'held' | 'summaryHeld' | 'uncertain' | 'deferred' | 'missing' | 'inProgress';

export interface OperatorEmailLine {
  target: number | 'summary';
  name?: string | undefined;
  status: OperatorStatus;
  reason?: string | undefined;
  /** Data-check findings of a held company. */
  problems?: string[] | undefined;
  /** Set when this line is a problem: which advice applies, and the console event that fixes it. */
  fix?: { advice: OperatorAdvice; event: Record<string, unknown> } | undefined;
  /** Recipients SES reported as bounced, complained or rejected, each with the event that re-sends. */
  undelivered?: { address: string; detail: string; event: Record<string, unknown> }[] | undefined;
  /** Rates the company's ads needed and `exchangeRates` lacks ("USD:GTQ"), with the event that re-sends once added. */
  missingExchangeRates?: { pairs: string[]; event: Record<string, unknown> } | undefined;
}

export interface OperatorReportInput {
  kind: 'run' | 'watchdog';
  group: { name: string; language: Language; locale: string; timeZone: string };
  month: string;
  /** When the run started, or the watchdog's deadline. */
  at: string;
  missedMonthAfterHours?: number;
  lines: OperatorEmailLine[];
  /** The function's log group and its console Test tab. */
  links: { logsUrl: string; testUrl: string };
  /** Addresses unsubscribed since `since` (the caller picks the window), oldest first, for the config. */
  unsubscribes?: { since: string; entries: { address: string; at: string }[] } | undefined;
  /** Set when the suppression list could not be read: the report says so rather than "nobody". */
  unsubscribesError?: string | undefined;
}

interface ProblemView {
  name: string;
  status: string;
  reason: string;
  advice: string;
  event: string;
}

const templates = {
  html: Handlebars.template(operatorReportHtml) as (view: unknown) => string,
  text: Handlebars.template(operatorReportText) as (view: unknown) => string,
};

const STATUSES: OperatorStatus[] = ['sent', 'skipped', 'held', 'failed', 'uncertain', 'deferred'];

export const buildOperatorReportView = (input: OperatorReportInput) => {
  const { group } = input;
  const t = locales[group.language].operatorReport;
  const words = textLocale(group.locale, group.language);
  // The same month wording as the reports the run sent ("abril de 2026").
  const month = formatMonth(input.month, words, locales[group.language].monthFormat);
  const dateTime = (iso: string) => DateTime.fromISO(iso, { zone: group.timeZone, locale: words }).toLocaleString(DateTime.DATETIME_MED);
  // The run's own time says its zone: operators read it next to log times in UTC.
  const withZone = (iso: string) =>
    fill(t.runTime, {
      time: dateTime(iso),
      place: timeZonePlace(group.timeZone, group.language),
      offset: `UTC${DateTime.fromISO(iso, { zone: group.timeZone }).toFormat('Z')}`,
    });
  const at = withZone(input.at);
  const nameOf = (line: OperatorEmailLine) =>
    line.target === 'summary' ? t.summaryTarget : `${cleanText(line.name ?? '', 80) || line.target} (${line.target})`;
  const wording = { language: group.language, words, timeZone: group.timeZone };
  const reasonOf = (line: OperatorEmailLine) =>
    cleanText([line.reason && translateReason(line.reason, wording), ...(line.problems ?? [])].filter(Boolean).join('; '), 600);

  // "bounced: <SES's diagnostic>": our word in the group's language, SES's diagnostic as SES wrote it.
  const undeliveredDetail = (detail: string) =>
    detail.replace(/^(bounced|complained|rejected):\s*/, (_all, status: keyof typeof t.undelivered) => `${t.undelivered[status]}: `);
  const problems: ProblemView[] = [];
  for (const line of input.lines) {
    if (line.fix) {
      problems.push({
        name: nameOf(line),
        status: t.statuses[line.status],
        reason: reasonOf(line),
        advice: t.advice[line.fix.advice],
        event: JSON.stringify(line.fix.event),
      });
    }
    if (line.missingExchangeRates) {
      problems.push({
        name: nameOf(line),
        status: t.statuses[line.status],
        reason: fill(t.missingExchangeRate, { pairs: line.missingExchangeRates.pairs.join(', ') }),
        advice: t.advice.missingExchangeRate,
        event: JSON.stringify(line.missingExchangeRates.event),
      });
    }
    for (const recipient of line.undelivered ?? []) {
      problems.push({
        name: nameOf(line),
        status: t.statuses[line.status],
        reason: '',
        advice: fill(t.advice.bounced, { address: recipient.address, detail: cleanText(undeliveredDetail(recipient.detail), 300) }),
        event: JSON.stringify(recipient.event),
      });
    }
  }
  const counts = Object.fromEntries(STATUSES.map((status) => [status, input.lines.filter((line) => line.status === status).length]));
  const gaps = input.lines.filter((line) => line.status !== 'sent').length;
  const values = { group: group.name, month, problems: input.kind === 'watchdog' ? gaps : problems.length };
  const unsubscribed = input.unsubscribes?.entries ?? [];
  const subject =
    (input.kind === 'watchdog' ? fill(t.subjectWatchdog, values) : fill(problems.length ? t.subjectRun : t.subjectRunComplete, values)) +
    (unsubscribed.length ? fill(t.subjectUnsubscribes, { count: unsubscribed.length }) : '');
  // The links sentence is translated whole; the two link labels are cut out of it around the placeholders.
  const [linksBefore = '', linksBetween = '', linksAfter = ''] = t.links.split(/\{logs\}|\{test\}/);
  return {
    lang: group.language,
    subject,
    preheader: input.kind === 'watchdog' ? fill(t.gaps, { gaps, total: input.lines.length }) : fill(t.counts, counts),
    title: fill(input.kind === 'watchdog' ? t.titleWatchdog : t.titleRun, values),
    intro:
      input.kind === 'watchdog'
        ? fill(t.introWatchdog, { hours: input.missedMonthAfterHours ?? 0, deadline: at })
        : fill(t.introRun, { at }),
    counts: input.kind === 'watchdog' ? fill(t.gaps, { gaps, total: input.lines.length }) : fill(t.counts, counts),
    columns: t.columns,
    rows: input.lines.map((line) => ({
      name: nameOf(line),
      status: t.statuses[line.status],
      reason: reasonOf(line),
      problem: Boolean(line.fix) || (line.undelivered?.length ?? 0) > 0,
    })),
    problemsTitle: t.problemsTitle,
    problems,
    fixEvent: t.fixEvent,
    unsubscribes: unsubscribed.length
      ? {
          title: t.unsubscribesTitle,
          intro: fill(t.unsubscribesIntro, { from: withZone(input.unsubscribes?.since ?? '') }),
          entries: unsubscribed.map((entry) => ({ address: cleanText(entry.address, 320), at: dateTime(entry.at) })),
          action: t.unsubscribesAction,
        }
      : undefined,
    unsubscribesError: input.unsubscribesError
      ? fill(t.unsubscribesUnreadable, { error: cleanText(input.unsubscribesError, 300) })
      : undefined,
    links: { ...input.links, logsLabel: t.logsLink, testLabel: t.testLink },
    linksBefore,
    linksBetween,
    linksAfter,
    footer: t.footer,
  };
};

export const renderOperatorReport = (input: OperatorReportInput): RenderedEmail => {
  const view = buildOperatorReportView(input);
  return { subject: view.subject, preheader: view.preheader, html: templates.html(view), text: templates.text(view), attachments: [] };
};
