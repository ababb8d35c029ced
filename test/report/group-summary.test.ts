import { describe, expect, it } from 'vitest';
import { buildGroupView, renderGroupSummaryEmail, summaryFigures, type GroupSummaryInput } from '../../functions/report/group-summary.ts';
import type { CompanyReport } from '../../functions/iobot/report-schema.ts';
import { largeCompany } from '../fixtures/large-company.ts';
import { GROUP_EN, GROUP_ES, PERIOD, emptyReport, scaledReport, seedReport, withReport } from '../fixtures/reports.ts';

const company = (id: number, nombre: string, currency: string | undefined, salesAmount: number, salesCount = 10): CompanyReport =>
  withReport(seedReport(), { data: { id, nombre, feature_flags: { currency } }, salesAmount, salesCount });

/** Intl's spaces (no-break, narrow) as plain spaces, and percentages without one: the wording, not the locale data, is tested. */
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ').replace(/ %/g, '%');

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
    expect(compared?.sales.delta?.text).toMatch(/^\+100\.0\s?%$/);
    expect(compared?.salesRate.delta?.text).toBe('+2.0 puntos');
    expect(fresh?.sales.delta).toBeNull();
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

  it('shows ad spend in the group currency where a rate exists, and in the ads own currency where none does', () => {
    // prepare: two HNL companies whose ads spent USD 350 each and brought L 30,000.00 each
    const companies = [{ report: seedReport() }, { report: withReport(seedReport(), { data: { id: 2, nombre: 'Dos' } }) }];

    // act
    const converted = buildGroupView(input(companies, { ...GROUP_ES, exchangeRates: { 'USD:HNL': 24.7 } }));
    const unconverted = buildGroupView(input(companies));

    // assert
    expect(converted.highlights.map(plain)).toContain(
      'Se invirtieron L 17,290.00 en anuncios (USD 700.00), que trajeron L 60,000.00 en ventas.',
    );
    expect(unconverted.highlights.map(plain)).toContain('Anuncios de empresas sin tipo de cambio a HNL: USD 700.00, no sumados al resto.');
    expect(buildGroupView(input([{ report: emptyReport() }])).highlights.join(' ')).not.toContain('anuncios');
  });

  it("adds a company's ad spend when its ads' currency converts, even if its sales' currency does not", () => {
    // prepare: two HNL companies and a GTQ one, all with USD 350 of ads; USD:HNL exists, GTQ:HNL does not
    const companies = [
      { report: seedReport() },
      { report: withReport(seedReport(), { data: { id: 2, nombre: 'Dos' } }) },
      { report: withReport(seedReport(), { data: { id: 3, nombre: 'Guatemala', feature_flags: { currency: 'GTQ' } } }) },
    ];

    // act
    const view = buildGroupView(input(companies, { ...GROUP_ES, exchangeRates: { 'USD:HNL': 24.7 } }));

    // assert: USD 1,050.00 at 24.7, as the CSV's column of ad spend in HNL has it; GTQ ad sales cannot be added
    const highlights = view.highlights.map(plain);
    expect(highlights).toContain('Se invirtieron L 25,935.00 en anuncios (USD 1,050.00), que trajeron L 60,000.00 en ventas.');
    expect(highlights).toContain('Esas ventas no cuentan las de 1 empresa que vende en otra moneda sin tipo de cambio a HNL.');
    expect(highlights.join(' ')).not.toContain('no sumados al resto');
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
    expect(email.attachments.map((attachment) => attachment.filename)).toEqual(['resumen-grupo-2026-04.csv']);
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
    // A plain reason by status: the operators' technical reason is theirs, not the director's.
    expect(email.text).toContain('- Norte <SA>: no se pudo enviar su reporte; el equipo técnico lo está revisando');
    expect(email.text).toContain('- Sur: retenido: sus números no cuadran y el equipo técnico los está revisando');
    expect(email.html).toContain('Faltan en este resumen');
    expect(email.html).toContain('Norte &lt;SA&gt;');
    expect(email.html).not.toContain('Norte <SA>');
  });

  it("never shows the director the operators' reason: no address, no SES or IOBot text", () => {
    // prepare: the first line of a real SES rejection, as month-completeness.ts keeps it
    const leaky = [
      {
        name: 'San Pedro',
        status: 'failed' as const,
        reason: 'SES MessageRejected: Email address is not verified. The following identities failed the check: gerencia@sanpedro.example',
      },
      { name: 'Norte', status: 'uncertain' as const, reason: 'handed to SES on 2026-05-01T06:00:00Z without a recorded answer' },
      { name: 'Sur', status: 'skipped' as const, reason: 'no outcome in this run' },
    ];

    // act
    const email = renderGroupSummaryEmail({ ...input([{ report: seedReport() }]), missing: leaky });

    // assert
    for (const part of [email.html, email.text]) {
      expect(part).not.toContain('sanpedro.example');
      // (The footer names IOBot as the data's source: the reasons' "IOBot" words are checked in the list below.)
      expect(part).not.toMatch(/SES|MessageRejected|not verified|identities|handed|no outcome|detalle técnico|en inglés/);
    }
    expect(email.text).toContain('- San Pedro: no se pudo enviar su reporte; el equipo técnico lo está revisando');
    expect(email.text).toContain('- Norte: no se sabe aún si su reporte llegó; el equipo técnico lo está comprobando');
    expect(email.text).toContain('- Sur: su reporte aún no se ha enviado; el equipo técnico lo está revisando');
    expect(
      buildGroupView({ ...input([{ report: seedReport() }]), missing: leaky })
        .missing?.map((entry) => entry.why)
        .join(' '),
    ).not.toMatch(/IOBot|SES/);
  });

  it('says it in English when the group does', () => {
    const email = renderGroupSummaryEmail({ ...input([{ report: seedReport() }], GROUP_EN), missing });

    expect(email.text).toContain('== Missing from this summary ==');
    expect(email.text).toContain('- Sur: held: its numbers do not add up and the technical team is checking them');
    expect(email.text).toContain('- Norte <SA>: its report could not be sent; the technical team is looking into it');
  });

  it('has no such block when nothing is missing', () => {
    const email = renderGroupSummaryEmail(input([{ report: seedReport() }]));

    expect(buildGroupView(input([{ report: seedReport() }])).missing).toBeUndefined();
    expect(email.text).not.toContain('Faltan en este resumen');
  });
});

describe('group summary for a director', () => {
  /** `count` companies with every figure and a previous month, long names: the largest rows there are. */
  const group = (count: number): GroupSummaryInput['companies'] =>
    Array.from({ length: count }, (_, index) => {
      const report = withReport(seedReport(), {
        data: { id: index + 1, nombre: `Distribuidora Regional de Agua Purificada ${index + 1}` },
        salesAmount: 95_000 + index * 37,
        salesCount: 38 + (index % 9),
      });
      return { report, previous: scaledReport(report, index % 2 ? 1.3 : 0.8) };
    });

  it('names the group by its display name in the subject and title', () => {
    const email = renderGroupSummaryEmail({ ...input([{ report: seedReport() }]), groupName: 'Aquatec' });

    expect(email.subject).toBe('Resumen del grupo · Aquatec · abril de 2026');
    expect(email.text.split('\n')[0]).toBe('Resumen del grupo · Aquatec · abril de 2026');
  });

  it('leads with the highlights: revenue against last month, how many grew, the best, conversion', () => {
    // prepare
    const seed = seedReport();
    const grew = withReport(seed, { data: { id: 2, nombre: 'Creció' }, salesAmount: 150_000 });
    const view = buildGroupView(
      input([
        { report: seed, previous: withReport(seed, { salesAmount: 100_000 }) },
        { report: grew, previous: withReport(grew, { salesAmount: 100_000 }) },
      ]),
    );

    // assert: L 245,000.00 against L 200,000.00
    expect(view.highlights.slice(0, 4).map(plain)).toEqual([
      'El grupo vendió L 245,000.00 en abril de 2026: +22.5% frente a marzo de 2026.',
      '1 de 2 empresas vendieron más que en marzo de 2026.',
      'El mayor crecimiento fue el de Creció: L 50,000.00 más que en marzo de 2026 (+50.0%).',
      'El 7.0% de las conversaciones del grupo terminó en venta (sin cambio).',
    ]);
  });

  it('says "Las 2 empresas" when every company grew, and "1 caso más" for one more', () => {
    // prepare: nine companies whose sales fell (nine attention entries, one more than shown), then two that grew
    const seed = seedReport();
    const fell = Array.from({ length: 9 }, (_, index) => {
      const report = withReport(seed, { data: { id: index + 1, nombre: `Bajó ${index + 1}` }, salesAmount: 50_000 });
      return { report, previous: withReport(report, { salesAmount: 100_000 }) };
    });
    const grew = [1, 2].map((id) => {
      const report = withReport(seed, { data: { id, nombre: `Creció ${id}` }, salesAmount: 150_000 });
      return { report, previous: withReport(report, { salesAmount: 100_000 }) };
    });

    // act
    const falling = buildGroupView(input(fell));
    const growing = buildGroupView(input(grew));

    // assert
    expect(falling.attentionMore).toBe('1 caso más en el archivo adjunto resumen-grupo-2026-04.csv.');
    expect(growing.highlights.map(plain)).toContain('Las 2 empresas vendieron más que en marzo de 2026.');
    expect(buildGroupView(input(grew, GROUP_EN)).highlights.map(plain)).toContain('All 2 companies sold more than in March 2026.');
  });

  it('shows a change in points that the rounded rates beside it add up to', () => {
    // prepare: 10.14% -> 7.56% is -2.58 points, but the reader sees 10.1% and 7.6%
    const seed = seedReport();
    const now = withReport(seed, { conversaciones: 10_000, salesCount: 756, salesConversionRate: 7.56 });
    const before = withReport(seed, { conversaciones: 10_000, salesCount: 1_014, salesConversionRate: 10.14 });

    // act
    const view = buildGroupView(input([{ report: now, previous: before }]));

    // assert
    expect(plain(view.attention.find((entry) => entry.text.includes('conversión'))?.text ?? '')).toBe(
      'su conversión a venta bajó de 10.1% a 7.6% (-2.5 puntos)',
    );
    expect(view.highlights.map(plain)).toContain('El 7.6% de las conversaciones del grupo terminó en venta (-2.5 puntos).');
    expect(plain(view.rows[0]?.salesRate.delta?.text ?? '')).toContain('-2.5');
  });

  it('ranks the companies that need attention by the money at stake, and leaves out the rest', () => {
    // prepare
    const seed = seedReport();
    const steady = withReport(seed, { data: { id: 1, nombre: 'Estable' } });
    const dropped = withReport(seed, { data: { id: 2, nombre: 'Bajó' }, salesAmount: 85_000 });
    // USD 350 at 24.7 = L 8,645.00 of ads that brought L 2,000.00
    const losing = withReport(seed, {
      data: { id: 3, nombre: 'Anuncios' },
      adsBreakdown: [{ ...seed.adsBreakdown[0]!, salesAmount: 2_000 }],
    });
    const converting = withReport(seed, { data: { id: 4, nombre: 'Convierte menos' }, salesConversionRate: 3.04 });
    const rates = { ...GROUP_ES, exchangeRates: { 'USD:HNL': 24.7 } };

    // act
    const view = buildGroupView(
      input(
        [
          { report: steady, previous: steady },
          { report: dropped, previous: seed },
          { report: losing, previous: losing },
          { report: converting, previous: seed },
        ],
        rates,
      ),
    );

    // assert: L 8,645 - 2,000 = 6,645 lost on ads; L 10,000 of revenue lost; 540 × 4 points × L 2,500 = L 54,000 at stake
    expect(view.attention.map((entry) => ({ ...entry, text: plain(entry.text) }))).toEqual([
      { rank: 1, name: 'Convierte menos', text: 'su conversión a venta bajó de 7.0% a 3.0% (-4.0 puntos)' },
      { rank: 2, name: 'Bajó', text: 'sus ventas bajaron L 10,000.00 (-10.5%) frente a marzo de 2026' },
      { rank: 3, name: 'Anuncios', text: 'invirtió L 8,645.00 en anuncios que trajeron solo L 2,000.00 en ventas' },
    ]);
  });

  it('shows each label once, not on every company row', () => {
    const email = renderGroupSummaryEmail(input(group(12)));

    // Conversations only in the totals; the company table's labels only in its header.
    expect(email.text.match(/Conversaciones/g)).toHaveLength(1);
    expect(email.html.match(/Conversaciones/g)).toHaveLength(1);
    expect(email.text.match(/Monto de ventas/g)?.length).toBeLessThanOrEqual(3);
  });

  it.each([500, 5_000])('stays under 90 KB of HTML with %i companies, every company in the CSV', (count) => {
    // act
    const email = renderGroupSummaryEmail(input(group(count)));

    // assert
    expect(Buffer.byteLength(email.html)).toBeLessThan(90_000);
    expect(email.html).toContain(`Las 20 empresas que más vendieron, de ${count.toLocaleString('en-US')}`);
    const csv = email.attachments[0]?.content ?? '';
    expect(csv.trimEnd().split('\r\n')).toHaveLength(count + 1);
    expect(csv).toContain(`"Distribuidora Regional de Agua Purificada ${count}"`);
  });

  it('stays under 90 KB of HTML with hostile data: a currency per company, ads in others, names of 120 emoji', () => {
    // prepare: every company its own ISO currency and ads in another; names of 120 family emoji (11 UTF-16 units each)
    const codes = Intl.supportedValuesOf('currency');
    const seed = seedReport();
    const companies = Array.from({ length: 500 }, (_, index) => {
      const report = withReport(seed, {
        data: { id: index + 1, nombre: '👨‍👩‍👧‍👦'.repeat(120), feature_flags: { currency: codes[index % codes.length] } },
        salesAmount: 95_000 + index * 37,
        adsBreakdown: [{ ...seed.adsBreakdown[0]!, spend: 500 + index, currency: codes[(index + 7) % codes.length]! }],
      });
      return { report, previous: scaledReport(report, index % 2 ? 1.3 : 0.8) };
    });

    // act
    const email = renderGroupSummaryEmail({
      ...input(companies),
      missing: companies.map(() => ({ name: '👨‍👩‍👧‍👦'.repeat(120), status: 'failed' })),
    });

    // assert
    expect(Buffer.byteLength(email.html)).toBeLessThan(90_000);
    expect(Buffer.byteLength(email.text)).toBeLessThan(90_000);
    expect(email.text).toMatch(/y \d+ monedas más \(en el archivo adjunto resumen-grupo-2026-04\.csv\)/);
    // Every company and its whole name stay in the CSV.
    expect(email.attachments[0]?.content).toContain('👨‍👩‍👧‍👦'.repeat(120));
  });

  it('lists at most ten missing companies, then says how many more', () => {
    const missing = Array.from({ length: 40 }, (_, index) => ({ name: `Falta ${index + 1}`, status: 'held', reason: 'x' }));

    const email = renderGroupSummaryEmail({ ...input([{ report: seedReport() }]), missing });

    expect(email.text).toContain('- Falta 10:');
    expect(email.text).not.toContain('- Falta 11:');
    // The director never gets the operator report: the CSV lists every one of them.
    expect(email.text).toContain('y 30 más; el archivo adjunto resumen-grupo-2026-04.csv las lista todas.');
    expect(email.text).not.toContain('operadores');
    const csv = email.attachments[0]?.content ?? '';
    expect(csv).toContain('Falta 40');
    expect(csv).toContain('falta en este resumen: retenido: sus números no cuadran y el equipo técnico los está revisando');
  });
});
