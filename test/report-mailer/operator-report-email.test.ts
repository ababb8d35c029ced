import { describe, expect, it } from 'vitest';
import { consoleLinks, runLine, runNeedsReport } from '../../functions/report-mailer/operator-report-email.ts';
import type { EmailOutcome, RunSummary } from '../../functions/report-mailer/run-summary.ts';

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
    const links = consoleLinks({ region: 'eu-west-1', functionName: 'IOBotReportMailer-Fn-abc', logGroupName: '/aws/lambda/IOBotReportMailer-Fn-abc' });

    expect(links).toEqual({
      logsUrl: 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252FIOBotReportMailer-Fn-abc',
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
});

