import { describe, expect, it } from 'vitest';
import { reportGroupSchema } from '../../functions/config/config-schema.ts';
import { classifyCompanies } from '../../functions/report-mailer/classify-companies.ts';
import type { RunPlan } from '../../functions/report-mailer/run-plan.ts';
import { monthPeriod } from '../../functions/shared/report-period.ts';
import { seedReport, withReport } from '../fixtures/reports.ts';

const group = reportGroupSchema.parse({
  name: 'aquatec',
  businessId: 1,
  timeZone: 'America/Tegucigalpa',
  companies: [
    { id: 1, label: 'Central', to: ['a@example.com'] },
    { id: 2, label: 'Norte', to: ['b@example.com'] },
    { id: 3, label: 'Sur', to: ['c@example.com'] },
  ],
});
const plan = (changes: Partial<RunPlan> = {}): RunPlan => ({
  group,
  period: monthPeriod('2026-04', group.timeZone),
  dryRun: false,
  force: false,
  summary: true,
  sendIncompleteSummary: false,
  ...changes,
});
const company = (id: number) => withReport(seedReport(), { data: { id, nombre: `Empresa ${id}` } });

describe('classifyCompanies', () => {
  it('settles malformed, unconfigured and missing companies and keeps the configured order for the rest', () => {
    // prepare
    const current = {
      companies: [company(2), company(1), company(99)],
      invalid: [{ index: 3, id: 3, nombre: 'Sur', error: 'data[3].salesCount: expected number' }],
    };

    // act
    const { entries } = classifyCompanies(plan(), current);

    // assert
    expect(entries.map((entry) => (entry.kind === 'ready' ? `ready ${entry.company.id}` : `${entry.outcome.status} ${entry.outcome.companyId}`))).toEqual([
      'failed 3',
      'skipped 99',
      'ready 1',
      'ready 2',
    ]);
  });

  it('fails a configured company IOBot did not answer for, naming the root business', () => {
    const { entries } = classifyCompanies(plan(), { companies: [company(1), company(3)], invalid: [] });

    const missing = entries.find((entry) => entry.kind === 'settled');
    expect(missing).toMatchObject({ outcome: { companyId: 2, name: 'Norte', status: 'failed' } });
    expect(missing?.kind === 'settled' && missing.outcome.reason).toContain('business 1');
  });

  it('holds a company whose numbers contradict each other, unless the group sends anyway', () => {
    const broken = withReport(company(1), { salesCount: 999 });

    const strict = classifyCompanies(plan({ companies: [1] }), { companies: [broken], invalid: [] });
    const lenient = classifyCompanies(plan({ companies: [1], group: { ...group, sendOnFailedChecks: true } }), { companies: [broken], invalid: [] });

    expect(strict.held).toEqual(new Set([1]));
    expect(strict.entries[0]).toMatchObject({ kind: 'settled', outcome: { status: 'held' } });
    expect(lenient.held.size).toBe(0);
    expect(lenient.entries[0]).toMatchObject({ kind: 'ready', problems: expect.arrayContaining([expect.stringContaining('salesCount')]) });
  });

  it('looks only at the companies the plan names', () => {
    const { entries } = classifyCompanies(plan({ companies: [2] }), { companies: [company(1), company(2), company(3)], invalid: [] });

    expect(entries.filter((entry) => entry.kind === 'ready').map((entry) => entry.kind === 'ready' && entry.company.id)).toEqual([2]);
  });
});
