import type { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import type { EmailOutcome } from '../../functions/report-mailer/run-summary.ts';
import { summarizeRun } from '../../functions/report-mailer/summarize-run.ts';
import { aprilPlan } from '../fixtures/run-plans.ts';

const plan = aprilPlan({ force: true });

const recordingMetrics = () => {
  const added: [string, number][] = [];
  const metrics = { addMetric: (name: string, _unit: unknown, value: number) => added.push([name, value]) } as unknown as Metrics;
  return { added, metrics };
};

describe('summarizeRun', () => {
  it('counts the companies and the summary email together and adds each count as its metric', () => {
    // prepare
    const { added, metrics } = recordingMetrics();
    const companies: EmailOutcome[] = [
      { companyId: 1, status: 'sent', messageId: 'm-1' },
      { companyId: 2, status: 'failed', reason: 'x' },
      { companyId: 3, status: 'held', reason: 'y' },
    ];
    const summaryEmail: EmailOutcome = { companyId: 'summary', status: 'sent', messageId: 'm-s' };

    // act
    const summary = summarizeRun({ ...plan, redirectTo: ['qa@example.com'] }, companies, summaryEmail, metrics);

    // assert
    expect(summary).toEqual({
      group: 'aquatec',
      period: { month: '2026-04', timeZone: 'America/Tegucigalpa', startDate: plan.period.startDate, endDate: plan.period.endDate },
      dryRun: false,
      force: true,
      redirectedTo: ['qa@example.com'],
      counts: { sent: 2, skipped: 0, failed: 1, held: 1, deferred: 0, uncertain: 0 },
      companies,
      summaryEmail,
    });
    expect(added).toEqual([
      ['CompaniesSent', 2],
      ['CompaniesSkipped', 0],
      ['CompaniesFailed', 1],
      ['CompaniesHeld', 1],
      ['CompaniesDeferred', 0],
      ['CompaniesUncertain', 0],
      ['CompaniesMissingExchangeRate', 0],
    ]);
  });

  it('counts the companies whose ads needed an exchange rate the config lacks, as a metric of its own', () => {
    const { added, metrics } = recordingMetrics();
    const companies: EmailOutcome[] = [
      { companyId: 1, status: 'sent', missingExchangeRates: ['USD:GTQ'] },
      { companyId: 2, status: 'sent', missingExchangeRates: [] },
      { companyId: 3, status: 'sent' },
    ];
    summarizeRun(plan, companies, undefined, metrics);
    expect(added).toContainEqual(['CompaniesMissingExchangeRate', 1]);
  });

  it('leaves out summaryEmail and redirectedTo when there are none', () => {
    // prepare
    const { metrics } = recordingMetrics();

    // act
    const summary = summarizeRun(plan, [], undefined, metrics);

    // assert
    expect(summary).not.toHaveProperty('summaryEmail');
    expect(summary).not.toHaveProperty('redirectedTo');
    expect(summary.counts).toEqual({ sent: 0, skipped: 0, failed: 0, held: 0, deferred: 0, uncertain: 0 });
  });
});
