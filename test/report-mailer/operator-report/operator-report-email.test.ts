import { describe, expect, it } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import { demoConfig } from '../../../dev/demo-config.ts';
import { runtimeConfigSchema } from '../../../functions/config/config-schema.ts';
import {
  consoleLinks,
  reportMonthCheck,
  reportRun,
  runLine,
  runNeedsReport,
  type OperatorReportDeps,
} from '../../../functions/report-mailer/operator-report/operator-report-email.ts';
import type { SuppressionList } from '../../../functions/shared/suppression-list.ts';
import type { EmailOutcome, RunSummary } from '../../../functions/report-mailer/run-summary.ts';

const summary = (companies: EmailOutcome[], changes: Partial<RunSummary> = {}): RunSummary => ({
  group: 'aquatec',
  period: { month: '2026-04', timeZone: 'America/Tegucigalpa', startDate: '', endDate: '' },
  dryRun: false,
  force: false,
  counts: { sent: 0, skipped: 0, failed: 0, held: 0, uncertain: 0, deferred: 0 },
  companies,
  ...changes,
});

describe('consoleLinks', () => {
  it('deep-links the log group (CloudWatch double encoding) and the Test tab', () => {
    const links = consoleLinks({
      region: 'eu-west-1',
      functionName: 'IOBotReportMailer-Fn-abc',
      logGroupName: '/aws/lambda/IOBotReportMailer-Fn-abc',
    });

    expect(links).toEqual({
      logsUrl:
        'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252FIOBotReportMailer-Fn-abc',
      testUrl: 'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/IOBotReportMailer-Fn-abc?tab=testing',
    });
  });
});

describe('runNeedsReport', () => {
  it.each([
    ['failed', { companyId: 1, status: 'failed', reason: 'x' }, true],
    ['held', { companyId: 1, status: 'held' }, true],
    ['uncertain', { companyId: 1, status: 'uncertain' }, true],
    ['held by another live run', { companyId: 1, status: 'skipped', inProgress: true }, true],
    ['already sent', { companyId: 1, status: 'skipped', reason: 'already sent' }, false],
    ['sent', { companyId: 1, status: 'sent' }, false],
    ['sent without an exchange rate its ads needed', { companyId: 4, status: 'sent', missingExchangeRates: ['USD:GTQ'] }, true],
  ] as const)('%s: %s', (_name, outcome, expected) => {
    expect(runNeedsReport(summary([outcome as EmailOutcome]), false)).toBe(expected);
  });

  it('reports every run when configured, but never a dry run', () => {
    const ok = summary([{ companyId: 1, status: 'sent' }]);

    expect(runNeedsReport(ok, true)).toBe(true);
    expect(runNeedsReport({ ...summary([{ companyId: 1, status: 'failed' }]), dryRun: true }, true)).toBe(false);
  });
});

describe('runLine', () => {
  it('forces a company re-sent alone, never the group summary (a forced full run would re-send every company)', () => {
    // prepare
    const run = summary([]);

    // act
    const company = runLine(run, { companyId: 2, status: 'uncertain' });
    const groupSummary = runLine(run, { companyId: 'summary', status: 'uncertain' });

    // assert
    expect(company.fix?.event).toEqual({ group: 'aquatec', month: '2026-04', companies: [2], force: true });
    expect(groupSummary.fix?.event).toEqual({ group: 'aquatec', month: '2026-04' });
  });

  it('names the rates a sent company lacked, with the forced event that re-sends it once they are added', () => {
    // act
    const line = runLine(summary([]), { companyId: 4, status: 'sent', missingExchangeRates: ['USD:GTQ'] });

    // assert
    expect(line.fix).toBeUndefined();
    expect(line.missingExchangeRates).toEqual({
      pairs: ['USD:GTQ'],
      event: { group: 'aquatec', month: '2026-04', companies: [4], force: true },
    });
  });
});

describe('reportRun and new unsubscribes', () => {
  const group = runtimeConfigSchema.parse(demoConfig()('http://localhost')).groups[0]!;
  const setUp = (listNew: SuppressionList['listNew']) => {
    const sent: string[] = [];
    const windows: [string, string, string][] = [];
    const deps: OperatorReportDeps = {
      config: {
        sender: { address: 'reports@example.com', name: 'Reports' },
        operatorReport: { to: ['ops@example.com'], everyRun: false },
        missedMonthAfterHours: 6,
      },
      sendRaw: async ({ raw }) => {
        sent.push(Buffer.from(raw).toString('utf8'));
        return { messageId: `m-${sent.length}` };
      },
      logger: new Logger({ logLevel: 'SILENT' }),
      console: { region: 'us-east-1', functionName: 'f', logGroupName: '/aws/lambda/f' },
      suppressions: {
        listNew: async (...window) => {
          windows.push(window);
          return listNew(...window);
        },
      },
    };
    return { deps, sent, windows };
  };
  const allSent = summary([{ companyId: 1, status: 'sent' }], {
    group: group.name,
    period: { month: '2026-04', timeZone: group.timeZone, startDate: '', endDate: '' },
  });
  const startedAt = new Date('2026-05-01T13:00:05Z');

  it('reports a run that delivered everything when someone unsubscribed since the previous monthly run', async () => {
    const { deps, sent, windows } = setUp(async () => [
      { group: group.name, address: 'gone@example.com', at: '2026-04-20T10:00:00.000Z', via: 'one-click' },
    ]);

    await reportRun(group, allSent, startedAt, deps);

    // demo: day 1 at 07:00 America/Tegucigalpa: April's window opens at March's run, on April 1.
    expect(windows).toEqual([[group.name, '2026-04-01T13:00:00.000Z', '2026-05-01T13:00:05.000Z']]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('gone@example.com');
  });

  it('sends nothing when nobody unsubscribed and everything went out, and never reads for a dry run', async () => {
    const quiet = setUp(async () => []);
    const dry = setUp(async () => [{ group: group.name, address: 'gone@example.com', at: '2026-04-20T10:00:00.000Z', via: 'one-click' }]);

    await reportRun(group, allSent, startedAt, quiet.deps);
    await reportRun(group, { ...allSent, dryRun: true }, startedAt, dry.deps);

    expect(quiet.sent).toHaveLength(0);
    expect(dry.windows).toHaveLength(0);
    expect(dry.sent).toHaveLength(0);
  });

  it('gives a bounced recipient of the watchdog check a forced event: the corrected list is no new email', async () => {
    const { deps, sent } = setUp(async () => []);
    const bounced = { address: 'old@example.com', status: 'bounced', detail: 'Permanent/General' };
    const check = {
      group: group.name,
      month: '2026-04',
      deadline: '2026-05-01T19:00:00.000Z',
      due: true,
      gaps: 1,
      emails: [
        { companyId: 2, status: 'sent' as const, undelivered: [bounced] },
        { companyId: 3, status: 'missing' as const, undelivered: [] },
      ],
    };

    await reportMonthCheck(group, check, deps, startedAt);

    expect(sent[0]?.replace(/=\r\n/g, '')).toContain(`{"group":"${group.name}","month":"2026-04","companies":[2],"force":true}`);
  });

  it('still reports a failed run when the suppression list cannot be read, and says it could not', async () => {
    const { deps, sent } = setUp(async () => {
      throw new Error('ProvisionedThroughputExceededException');
    });

    await reportRun(group, { ...allSent, companies: [{ companyId: 1, status: 'failed', reason: 'x' }] }, startedAt, deps);

    expect(sent).toHaveLength(1);
    expect(sent[0]?.replace(/=\r\n/g, '')).toContain('ProvisionedThroughputExceededException');
  });
});
