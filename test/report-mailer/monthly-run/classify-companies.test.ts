import { describe, expect, it } from 'vitest';
import { classifyCompanies } from '../../../functions/report-mailer/monthly-run/classify-companies.ts';
import { seedReport, withReport } from '../../fixtures/reports.ts';
import { aprilPlan as plan, THREE_COMPANY_GROUP as group } from '../../fixtures/run-plans.ts';

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
    expect(
      entries.map((entry) => (entry.kind === 'ready' ? `ready ${entry.company.id}` : `${entry.outcome.status} ${entry.outcome.companyId}`)),
    ).toEqual(['failed 3', 'skipped 99', 'ready 1', 'ready 2']);
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
    const lenient = classifyCompanies(plan({ companies: [1], group: { ...group, sendOnFailedChecks: true } }), {
      companies: [broken],
      invalid: [],
    });

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
