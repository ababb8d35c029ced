import { describe, expect, it } from 'vitest';
import { companyContext, slug } from '../../../functions/report/company/company-context.ts';
import type { CompanyReport } from '../../../functions/iobot/report-schema.ts';
import { largeCompany } from '../../fixtures/large-company.ts';
import { GROUP_EN, GROUP_ES, PERIOD, seedReport, withReport } from '../../fixtures/reports.ts';

const context = (report: CompanyReport, history: (CompanyReport | undefined)[] = [], group = GROUP_ES) =>
  companyContext(report, history, PERIOD, group);

describe('companyContext', () => {
  const seed = seedReport();

  it('tells "no history fetched" from "new company" from "comparable"', () => {
    expect(context(seed, []).comparison).toBe('no-history');
    expect(context(seed, [undefined, seed]).comparison).toBe('new-company');
    expect(context(seed, [seed]).comparison).toBe('available');
    expect(context(seed, [seed]).previous).toBe(seed);
  });

  it('names this month and the previous one in the group language', () => {
    expect(context(seed).month).toEqual({ label: 'abril de 2026', name: 'abril' });
    expect(context(seed).previousMonth.name).toBe('marzo');
    expect(context(seed, [], GROUP_EN).month.label).toBe('April 2026');
  });

  it('sorts agents by sales, tags by count and ads by spend, for "top N"', () => {
    const ctx = context(largeCompany());
    const sales = ctx.agents.map((agent) => agent.ventas);
    expect(sales).toEqual([...sales].sort((a, b) => b - a));
    const counts = ctx.tags.map((tag) => tag.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const spend = ctx.ads.sorted.map((row) => row.ad.spend);
    expect(spend).toEqual([...spend].sort((a, b) => b - a));
  });

  it('reads an unknown currency flag as "no currency"', () => {
    expect(context(seed).currency).toBe('HNL');
    expect(context(withReport(seed, { data: { feature_flags: { currency: 'Lempira' } } })).currency).toBeNull();
  });

  it('falls back to the company id when the name has no letters for a file name', () => {
    const ctx = context(withReport(seed, { data: { nombre: '💧💧' } }));
    expect(ctx.files.agents).toBe('agentes-1-2026-04.csv');
    expect(ctx.company).toBe('💧💧');
  });

  it('names an unnamed company by its id', () => {
    expect(context(withReport(seed, { data: { nombre: ' \n ' } })).company).toBe('Empresa 1');
  });
});

describe('slug', () => {
  it('is ASCII, lowercase and dash separated', () => {
    expect(slug('Ñandú & Cía. — Tegucigalpa')).toBe('nandu-cia-tegucigalpa');
    expect(slug('<b>"x"</b>')).toBe('b-x-b');
  });
});
