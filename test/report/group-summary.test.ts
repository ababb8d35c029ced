import { describe, expect, it } from 'vitest';
import { buildGroupView, renderGroupSummaryEmail, summaryFigures, type GroupSummaryInput } from '../../functions/report/group-summary.ts';
import type { CompanyReport } from '../../functions/iobot/report-schema.ts';
import { largeCompany } from '../fixtures/large-company.ts';
import { GROUP_EN, GROUP_ES, PERIOD, emptyReport, scaledReport, seedReport, withReport } from '../fixtures/reports.ts';

const company = (id: number, nombre: string, currency: string | undefined, salesAmount: number, salesCount = 10): CompanyReport =>
  withReport(seedReport(), { data: { id, nombre, feature_flags: { currency } }, salesAmount, salesCount });

const input = (companies: GroupSummaryInput['companies'], group = GROUP_ES): GroupSummaryInput => ({
  groupName: 'aquatec',
  companies,
  period: PERIOD,
  group,
});

describe('buildGroupView', () => {
  it('has one row per company, biggest sales first', () => {
    const view = buildGroupView(
      input([{ report: company(1, 'Pequeña', 'HNL', 100, 2) }, { report: company(2, 'Grande', 'HNL', 900, 40) }]),
    );
    expect(view.rows.map((row) => row.name)).toEqual(['Grande', 'Pequeña']);
  });

  it('adds amounts only within a currency, never across', () => {
    const view = buildGroupView(
      input([
        { report: company(1, 'Tegucigalpa', 'HNL', 1000) },
        { report: company(2, 'San Pedro', 'HNL', 2500) },
        { report: company(3, 'Miami', 'USD', 70) },
      ]),
    );
    expect(view.currencies.map((row) => row.currency)).toEqual(['HNL', 'USD']);
    expect(view.currencies[0]?.salesAmount.value).toMatch(/^L\s?3,500\.00$/);
    expect(view.currencies[0]?.companies).toBe('2 empresas');
    expect(view.currencies[1]?.salesAmount.value).toMatch(/70\.00/);
    expect(view.currencies[1]?.companies).toBe('1 empresa');
    // Counts carry no currency, so they do add up across the group.
    expect(view.totals.sales.value).toBe('30');
  });

  it('does not add up companies whose currency is unknown', () => {
    const view = buildGroupView(input([{ report: company(1, 'A', 'pesos', 1000) }, { report: company(2, 'B', undefined, 500) }]));
    expect(view.currencies).toEqual([
      {
        currency: 'Sin moneda',
        companies: '2 empresas',
        salesAmount: { value: '—', delta: null },
        quotationsAmount: { value: '—', delta: null },
      },
    ]);
  });

  it('shows changes for companies with a previous month, and none for the others', () => {
    const seed = seedReport();
    const previous = withReport(scaledReport(seed, 0.5), { salesConversionRate: 5 });
    const view = buildGroupView(input([{ report: seed, previous }, { report: withReport(seed, { data: { id: 2, nombre: 'Nueva' } }) }]));
    const [compared, fresh] = view.rows;
    expect(compared?.conversations.delta?.text).toMatch(/^\+100\.0\s?%$/);
    expect(compared?.salesRate.delta?.text).toBe('+2.0 puntos');
    expect(fresh?.conversations.delta).toBeNull();
    expect(view.comparedWith).toBe('Cambios frente a marzo de 2026');
    // Group totals against a partial previous month would show growth that is only new companies.
    expect(view.totals.conversations.delta).toBeNull();
  });

  it('compares group totals when every company has a previous month', () => {
    const seed = seedReport();
    const view = buildGroupView(input([{ report: seed, previous: scaledReport(seed, 0.8) }]));
    expect(view.totals.sales.delta?.tone).toBe('up');
    expect(view.currencies[0]?.salesAmount.delta?.tone).toBe('up');
  });

  it('totals ad spend per ad currency', () => {
    const view = buildGroupView(input([{ report: seedReport() }, { report: seedReport() }]));
    expect(view.adSpend).toMatch(/^USD\s?700\.00$/);
    expect(buildGroupView(input([{ report: emptyReport() }])).adSpend).toBeNull();
  });
});

describe('renderGroupSummaryEmail', () => {
  it('renders subject, HTML and text without NaN, Infinity or undefined', () => {
    const email = renderGroupSummaryEmail(
      input([
        { report: seedReport(), previous: emptyReport() },
        { report: emptyReport(), previous: emptyReport() },
        { report: largeCompany() },
      ]),
    );
    expect(email.subject).toBe('Resumen del grupo · aquatec · abril de 2026');
    expect(email.attachments).toEqual([]);
    for (const part of [email.html, email.text, email.preheader]) {
      expect(part).not.toMatch(/NaN|Infinity|undefined|\{\{|\}\}/);
    }
    expect(email.html).toMatch(/^<!doctype html><html lang="es"/);
  });

  it('escapes company names in the HTML', () => {
    const email = renderGroupSummaryEmail(input([{ report: withReport(seedReport(), { data: { nombre: '<b>"x"</b>' } }) }]));
    expect(email.html).toContain('&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
    expect(email.html).not.toContain('<b>"x"</b>');
  });

  it('matches the snapshot (two currencies, one new company)', async () => {
    const seed = seedReport();
    const email = renderGroupSummaryEmail(
      input(
        [
          { report: seed, previous: scaledReport(seed, 0.9) },
          { report: company(2, 'Aguas de Miami', 'USD', 1200, 6) },
          { report: emptyReport(), previous: emptyReport() },
        ],
        GROUP_ES,
      ),
    );
    await expect(email.html.replace(/></g, '>\n<')).toMatchFileSnapshot('./__snapshots__/group-summary/group.es.html');
    await expect(email.text).toMatchFileSnapshot('./__snapshots__/group-summary/group.es.txt');
  });

  it('renders the same email from the figures a run keeps as from the whole reports', () => {
    // prepare
    const seed = seedReport();
    const companies = [
      { report: seed, previous: scaledReport(seed, 0.9) },
      { report: largeCompany(), previous: scaledReport(largeCompany(), 1.2) },
      { report: company(3, 'Aguas de Miami', 'USD', 1200, 6) },
      { report: emptyReport(), previous: emptyReport() },
    ];
    const figures = companies.map((entry) => ({
      report: summaryFigures(entry.report),
      previous: entry.previous && summaryFigures(entry.previous),
    }));

    // act
    const fromReports = renderGroupSummaryEmail(input(companies));
    const fromFigures = renderGroupSummaryEmail(input(figures));

    // assert
    expect(fromFigures).toEqual(fromReports);
    expect(JSON.stringify(figures[1]?.report).length).toBeLessThan(JSON.stringify(largeCompany()).length / 20);
  });

  it('speaks English when the group does', () => {
    const email = renderGroupSummaryEmail(input([{ report: seedReport() }], GROUP_EN));
    expect(email.subject).toBe('Group summary · aquatec · April 2026');
    expect(email.text).toContain('1 company');
  });
});

describe('group summary with companies missing (sent anyway by an operator)', () => {
  const missing = [
    { name: 'Norte <SA>', status: 'failed' as const, reason: 'IOBot answer for data[1] does not match the report schema:' },
    { name: 'Sur', status: 'held' as const, reason: 'the numbers failed the consistency checks; not sent' },
  ];

  it('lists each missing company and why, in the HTML and the text', () => {
    // act
    const email = renderGroupSummaryEmail({ ...input([{ report: seedReport() }]), missing });

    // assert
    expect(email.text).toContain('== Faltan en este resumen ==');
    expect(email.text).toContain('- Norte <SA>: no se envió su reporte (IOBot answer for data[1] does not match the report schema:)');
    expect(email.text).toContain('- Sur: reporte retenido porque sus números no cuadran');
    expect(email.html).toContain('Faltan en este resumen');
    expect(email.html).toContain('Norte &lt;SA&gt;');
    expect(email.html).not.toContain('Norte <SA>');
  });

  it('says it in English when the group does', () => {
    const email = renderGroupSummaryEmail({ ...input([{ report: seedReport() }], GROUP_EN), missing });

    expect(email.text).toContain('== Missing from this summary ==');
    expect(email.text).toContain('- Sur: report held because its numbers do not add up');
  });

  it('has no such block when nothing is missing', () => {
    const email = renderGroupSummaryEmail(input([{ report: seedReport() }]));

    expect(buildGroupView(input([{ report: seedReport() }])).missing).toBeUndefined();
    expect(email.text).not.toContain('Faltan en este resumen');
  });
});
