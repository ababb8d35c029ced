/**
 * A realistic operator run report for the preview: one run of the demo group where every outcome an
 * operator can meet shows up at once (sent, failed and rejected, held with its data-check findings,
 * uncertain, deferred, a bounced recipient, the group summary held) with the console event that fixes
 * each, plus two new unsubscribes; and the missed-month check of the same month. The lines carry the
 * events the mailer would write (functions/report-mailer/operator-report/operator-report-email.ts), and the
 * reasons in the words the run writes them (English; the report words them in the group's language).
 */
import { DateTime } from 'luxon';
import type { ReportPeriod } from '../../functions/shared/report-period.ts';
import { defaultGroup } from '../synthetic/groups.ts';
import type { GroupSettings, OperatorReportInput } from './render.ts';

type Line = OperatorReportInput['lines'][number];

// The demo Lambda's console location, as the deployed stack names it.
const LINKS: OperatorReportInput['links'] = {
  logsUrl:
    'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252FIOBotReportMailer-ReportMailerFunction',
  testUrl:
    'https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/IOBotReportMailer-ReportMailerFunction?tab=testing',
};

const runLines = (groupName: string, month: string, handedAt: string): Line[] => {
  const [first, second, third, fourth] = defaultGroup();
  const event = (companies: number[], force = false) => ({ group: groupName, month, companies, ...(force ? { force: true } : {}) });
  return [
    { target: first!.id, name: first!.nombre, status: 'sent' },
    {
      target: second!.id,
      name: second!.nombre,
      status: 'sent',
      undelivered: [
        {
          address: 'compras@ferreteria-nunez.example',
          detail: 'bounced: Permanent/General: smtp; 550 5.1.1 user unknown',
          event: event([second!.id]),
        },
      ],
    },
    {
      target: third!.id,
      name: third!.nombre,
      status: 'failed',
      reason:
        'SES MessageRejected: Email address is not verified. The following identities failed the check: gerencia@sanpedro.example (recorded: retries will not try again; fix the recipients (a corrected list is sent by the next run) or the SES identity (then re-run with "force": true))',
      fix: { advice: 'rejected', event: event([third!.id], true) },
    },
    {
      target: fourth!.id,
      name: fourth!.nombre,
      status: 'held',
      reason: 'the numbers failed the consistency checks; not sent',
      problems: ['salesThatChatHasAnuncioIdCount + organic (41) ≠ salesCount (38)'],
      fix: { advice: 'held', event: event([fourth!.id]) },
    },
    {
      target: 5,
      name: 'Aquatec El Salvador',
      status: 'uncertain',
      reason: `handed to SES on ${handedAt} by a run that never recorded SES's answer, so it may have gone out; not sent again automatically. The SES Send event settles it; otherwise re-run with "force": true once you have checked the inbox or the logs`,
      fix: { advice: 'uncertain', event: event([5], true) },
    },
    {
      target: 6,
      name: 'Aquatec Nicaragua',
      status: 'failed',
      reason:
        'IOBot could not give page 1 (companies 1–8 of the run, ids 1…8): IOBot answered 503. IOBot said: Service Unavailable (after 3 attempts)',
      fix: { advice: 'failed', event: event([6]) },
    },
    {
      target: 7,
      name: 'Aquatec Costa Rica',
      status: 'deferred',
      reason: "not started: this invocation's time ran out before its turn; the next run (Lambda's retry or a console re-run) sends it",
      fix: { advice: 'deferred', event: { group: groupName, month } },
    },
    { target: 8, name: 'Aquatec Panamá', status: 'skipped', reason: 'every recipient unsubscribed: direccion@aquatec-pa.example' },
    {
      target: 'summary',
      status: 'held',
      reason:
        'not sent: 5 of 8 companies are not accounted for (3 (Distribuidora San Pedro Sula): failed, SES MessageRejected: Email address is not verified.; 4 (Aquatec Guatemala): held, the numbers failed the consistency checks; not sent; 5 (Aquatec El Salvador): uncertain, handed to SES…; 6 (Aquatec Nicaragua): failed, IOBot could not give page 1…; 7 (Aquatec Costa Rica): deferred, not started…); the re-run that completes the month sends it, or send it now listing them with "sendIncompleteSummary": true',
      fix: { advice: 'summaryHeld', event: { group: groupName, month } },
    },
  ];
};

/** What the ledger shows the next day: a rejection and an uncertain send stay so, the rest were never recorded. */
const watchdogLine = (line: Line, groupName: string, month: string): Line => {
  if (line.status === 'sent' || line.status === 'uncertain') return line;
  if (line.fix?.advice === 'rejected') return { ...line, status: 'rejected' };
  const { problems: _problems, ...rest } = line;
  return {
    ...rest,
    status: 'missing',
    reason: 'no record in the send ledger: the run never reached it, it failed before sending, or the company was held',
    fix: { advice: 'missing', event: { group: groupName, month } },
  };
};

/** The run report of `period` (or, with `kind: 'watchdog'`, the missed-month check), in `group`'s settings. */
export const operatorReportSample = (
  group: GroupSettings & { name: string },
  period: ReportPeriod,
  kind: 'run' | 'watchdog' = 'run',
): OperatorReportInput => {
  const start = DateTime.fromISO(period.startDate, { zone: group.timeZone });
  const run = start.plus({ months: 1 }).set({ hour: 7 });
  const lines = runLines(group.name, period.month, run.plus({ seconds: 41 }).toUTC().toISO({ suppressMilliseconds: true }) ?? '');
  return {
    kind,
    group: { name: group.name, language: group.language, locale: group.locale, timeZone: group.timeZone },
    month: period.month,
    at: (kind === 'run' ? run : run.plus({ hours: 6 })).toUTC().toISO() ?? '',
    ...(kind === 'watchdog'
      ? { missedMonthAfterHours: 6, lines: lines.map((line) => watchdogLine(line, group.name, period.month)) }
      : { lines }),
    links: LINKS,
    unsubscribes: {
      since: start.set({ hour: 7 }).toUTC().toISO() ?? '',
      entries: [
        { address: 'direccion@aquatec-pa.example', at: start.plus({ days: 3, hours: 10 }).toUTC().toISO() ?? '' },
        { address: 'ventas.norte@empresa-principal.example', at: start.plus({ days: 17, hours: 15, minutes: 42 }).toUTC().toISO() ?? '' },
      ],
    },
  };
};
