import { describe, expect, it } from 'vitest';
import { companyContext } from '../../functions/report/company-context.ts';
import { DASH } from '../../functions/report/format.ts';
import type { AdRow, CompanyReport } from '../../functions/iobot/report-schema.ts';
import { buildCompanyView } from '../../functions/report/company-view.ts';
import { barWidth } from '../../functions/report/view-bars.ts';
import { largeCompany } from '../fixtures/large-company.ts';
import { GROUP_ES, PERIOD, emptyReport, scaledReport, seedReport, withReport } from '../fixtures/reports.ts';

const view = (report: CompanyReport, history: (CompanyReport | undefined)[] = [], options: { rows?: number; group?: typeof GROUP_ES } = {}) =>
  buildCompanyView(companyContext(report, history, PERIOD, options.group ?? GROUP_ES), options.rows ?? 15, []);

const seed = seedReport();
const kpi = (result: ReturnType<typeof view>, label: string) => result.kpis.find((card) => card.label === label);

describe('barWidth', () => {
  it('scales to the largest value, shows a sliver for tiny values and nothing for zero', () => {
    expect(barWidth(50, 200)).toBe(25);
    expect(barWidth(200, 200)).toBe(100);
    expect(barWidth(1, 10_000)).toBe(1);
    expect(barWidth(0, 200)).toBe(0);
    expect(barWidth(5, 0)).toBe(0);
  });
});

describe('KPIs', () => {
  it('shows the eight cards, in pairs for the grid', () => {
    const result = view(seed);
    expect(result.kpis).toHaveLength(8);
    expect(result.kpiRows.map((row) => row.length)).toEqual([2, 2, 2, 2]);
    expect(kpi(result, 'Ventas')?.detail?.value).toMatch(/95,000\.00/);
  });

  it('shows "—" for rates over zero conversations or quotations, whatever IOBot sent', () => {
    const result = view(withReport(emptyReport(), { salesConversionRate: 0, averageTemperature: 7 }));
    for (const label of ['Conversión a venta', 'Conversión a cotización', 'Cotizaciones convertidas en venta', 'Temperatura promedio']) {
      expect(kpi(result, label)?.value).toBe(DASH);
    }
    expect(kpi(result, 'Conversaciones')?.value).toBe('0');
  });

  it('shows deltas only when last month is known', () => {
    expect(view(seed).kpis.every((card) => card.delta === null)).toBe(true);
    expect(view(seed, [undefined]).kpis.every((card) => card.delta === null)).toBe(true);
    const compared = view(seed, [scaledReport(seed, 0.5)]);
    expect(kpi(compared, 'Conversaciones')?.delta?.text).toMatch(/^\+100\s?%$/);
    expect(kpi(compared, 'Ventas')?.detail?.delta?.tone).toBe('up');
    expect(compared.comparedWith).toBe('Cambios frente a marzo 2026');
  });

  it('compares rates in points and flags a rate that could not be computed last month as new', () => {
    const result = view(seed, [withReport(seed, { salesConversionRate: 9.04 })]);
    expect(kpi(result, 'Conversión a venta')?.delta).toMatchObject({ tone: 'down', text: '-2 pp' });
    const fromNothing = view(seed, [withReport(emptyReport(), {})]);
    expect(kpi(fromNothing, 'Conversión a venta')?.delta?.tone).toBe('new');
    expect(kpi(fromNothing, 'Conversaciones')?.delta?.tone).toBe('new');
  });
});

describe('notes', () => {
  it('explains why there are no deltas', () => {
    expect(view(seed).notes).toEqual([expect.stringContaining('No se obtuvieron')]);
    expect(view(seed, [undefined]).notes).toEqual([expect.stringContaining('Primer mes')]);
    expect(view(seed, [seed]).notes).toEqual([]);
  });
});

describe('split', () => {
  it('splits sales and quotations between Meta ads and organic, with quotation sources', () => {
    const [sales, quotations, pdf, message] = view(seed).split;
    expect(sales?.meta).toMatchObject({ count: '25' });
    expect(sales?.meta.share).toMatch(/^66\s?%$/);
    expect(sales?.bar).toEqual({ meta: 66, organic: 34 });
    expect(quotations?.organic.count).toBe('42');
    expect(pdf).toMatchObject({ sub: true, bar: null, meta: { count: '30', share: null } });
    expect(message?.organic.count).toBe('24');
  });

  it('shows "—" shares and no bar when there is nothing to split', () => {
    const [sales] = view(emptyReport()).split;
    expect(sales?.meta.share).toBe(DASH);
    expect(sales?.bar).toBeNull();
  });
});

describe('trend', () => {
  it('is absent without any earlier month', () => {
    expect(view(seed).trend).toBeNull();
    expect(view(seed, [undefined, undefined]).trend).toBeNull();
  });

  it('lists up to six months oldest first, with "—" for a month the company was absent', () => {
    const history = [scaledReport(seed, 0.5), undefined, scaledReport(seed, 2), scaledReport(seed, 1), scaledReport(seed, 1), scaledReport(seed, 9)];
    const trend = view(seed, history).trend;
    expect(trend?.rows.map((row) => row.month)).toEqual(['nov 2025', 'dic 2025', 'ene 2026', 'feb 2026', 'mar 2026', 'abr 2026']);
    expect(trend?.rows.map((row) => row.current)).toEqual([false, false, false, false, false, true]);
    const conversations = trend?.rows.map((row) => row.cells[0]);
    // The seventh month back (9x) is out of the window, so it does not set the scale.
    expect(conversations?.[2]).toMatchObject({ value: '1,080', bar: 100, rest: 0 });
    expect(conversations?.[3]).toMatchObject({ value: DASH, bar: 0 });
    expect(conversations?.[5]).toMatchObject({ value: '540', bar: 50 });
  });
});

describe('tables', () => {
  const big = largeCompany();

  it('shows the top N rows and says how many more are in which attachment', () => {
    const context = companyContext(big, [], PERIOD, GROUP_ES);
    const result = buildCompanyView(context, 10, ['agentes.csv']);
    expect(result.agents?.rows).toHaveLength(10);
    expect(result.agents?.more).toBe(`… y 140 más en el adjunto ${context.files.agents}`);
    expect(result.ads?.rows).toHaveLength(10);
    expect(result.tags?.more).toContain('290');
    expect(result.attachments).toContain('agentes.csv');
  });

  it('says nothing more when everything fits', () => {
    expect(view(seed).agents?.more).toBeNull();
  });

  it('drops tables that would be empty', () => {
    const result = view(emptyReport());
    expect([result.agents, result.ads, result.tags]).toEqual([null, null, null]);
  });

  it('shortens very long names in the HTML tables', () => {
    const long = withReport(seed, { agentes: [{ ...(seed.agentes[0] as (typeof seed.agentes)[number]), agente: 'A'.repeat(200) }] });
    expect(view(long).agents?.rows[0]?.name).toHaveLength(40);
  });
});

describe('ads', () => {
  const ad = seed.adsBreakdown[0] as AdRow;

  it('keeps only https images, with alt text', () => {
    const result = view(withReport(seed, { adsBreakdown: [ad, { ...ad, adId: '2', imageUrl: 'http://example.com/a.jpg' }] }));
    expect(result.ads?.rows[0]?.image).toEqual({ url: 'https://example.com/ad.jpg', alt: 'Imagen del anuncio' });
    expect(result.ads?.rows[1]?.image).toBeNull();
  });

  it('shows ROAS only with a configured rate, and says why otherwise', () => {
    const without = view(seed);
    expect(without.ads?.rows[0]?.roas).toBe(DASH);
    expect(without.ads?.notes).toContainEqual(expect.stringContaining('ROAS no disponible'));
    const withRate = view(seed, [], { group: { ...GROUP_ES, exchangeRates: { 'USD:HNL': 24.7 } } });
    expect(withRate.ads?.rows[0]?.roas).toBe('3.5×');
    expect(withRate.ads?.notes).toContainEqual(expect.stringContaining('1 USD = 24.7 HNL'));
  });

  it('keeps two decimals for a ROAS below 1×, where they matter', () => {
    const rates = { group: { ...GROUP_ES, exchangeRates: { 'USD:HNL': 25 } } };
    const result = view(withReport(seed, { adsBreakdown: [{ ...ad, spend: 100, salesAmount: 100 }] }), [], rates);
    expect(result.ads?.rows[0]?.roas).toBe('0.04×');
  });

  it('flags ads that spent without sales and shows "—" cost per sale for them', () => {
    const result = view(withReport(seed, { adsBreakdown: [{ ...ad, sales: 0, salesAmount: 0 }] }));
    expect(result.ads?.rows[0]).toMatchObject({ flag: 'Gastó sin ventas', costPerSale: DASH });
  });
});

describe('header', () => {
  it('shows the logo only from an https URL', () => {
    expect(view(seed).logo).toEqual({ url: 'https://example.com/logo.png', alt: 'Logo de Empresa Principal' });
    expect(view(withReport(seed, { data: { img_wa: 'http://example.com/logo.png' } })).logo).toBeNull();
    expect(view(withReport(seed, { data: { img_wa: 'javascript:alert(1)' } })).logo).toBeNull();
  });

  it('builds a preheader from the first headlines, short enough for an inbox line', () => {
    const result = view(largeCompany());
    const spaced = (text: string) => text.replace(/\s+/g, ' ');
    expect(spaced(result.preheader).startsWith(spaced(result.headlines[0] ?? '∅'))).toBe(true);
    expect([...result.preheader].length).toBeLessThanOrEqual(140);
  });
});
