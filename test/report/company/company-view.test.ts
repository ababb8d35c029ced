import { describe, expect, it } from 'vitest';
import { companyContext } from '../../../functions/report/company/company-context.ts';
import { DASH } from '../../../functions/report/format/format.ts';
import type { AdRow, CompanyReport } from '../../../functions/iobot/report-schema.ts';
import { buildCompanyView } from '../../../functions/report/company/company-view.ts';
import { barWidth } from '../../../functions/report/view/view-bars.ts';
import { groupBenchmarks, peerFigures } from '../../../functions/report/figures/peer-standing.ts';
import { largeCompany } from '../../fixtures/large-company.ts';
import { GROUP_ES, PERIOD, emptyReport, scaledReport, seedReport, withReport } from '../../fixtures/reports.ts';

const view = (
  report: CompanyReport,
  history: (CompanyReport | undefined)[] = [],
  options: { rows?: number; group?: typeof GROUP_ES } = {},
) => buildCompanyView(companyContext(report, history, PERIOD, options.group ?? GROUP_ES), options.rows ?? 15, []);

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
  it('shows the nine cards, in pairs for the grid, with the average sale', () => {
    const result = view(seed);
    expect(result.kpis).toHaveLength(9);
    expect(result.kpiRows.map((row) => row.length)).toEqual([2, 2, 2, 2, 1]);
    // Money leads: the amount sold is the first card's big number, the count under it.
    expect(result.kpis[0]).toMatchObject({ label: 'Ventas', value: expect.stringMatching(/^L\s?95,000\.00$/) });
    expect(result.kpis[0]?.detail?.value).toBe('38 ventas');
    // L 95,000.00 / 38 sales = L 2,500.00.
    expect(kpi(result, 'Venta promedio')?.value).toMatch(/^L\s?2,500\.00$/);
  });

  it('shows "—" for rates over zero conversations or quotations, whatever IOBot sent', () => {
    // One sale keeps the month from being "empty" (which shows no cards at all).
    const result = view(withReport(emptyReport(), { salesConversionRate: 0, averageTemperature: 7, salesCount: 1, salesAmount: 10 }));
    for (const label of ['Conversión a venta', 'Conversión a cotización', 'Cotizaciones convertidas en venta', 'Temperatura promedio']) {
      expect(kpi(result, label)?.value).toBe(DASH);
    }
    expect(kpi(result, 'Conversaciones')?.value).toBe('0');
    expect(view(withReport(seed, { salesCount: 0, salesAmount: 0 })).kpis.find((card) => card.label === 'Venta promedio')?.value).toBe(
      DASH,
    );
  });

  it('shows deltas only when last month is known', () => {
    expect(view(seed).kpis.every((card) => card.delta === null)).toBe(true);
    expect(view(seed, [undefined]).kpis.every((card) => card.delta === null)).toBe(true);
    const compared = view(seed, [scaledReport(seed, 0.5)]);
    expect(kpi(compared, 'Conversaciones')?.delta?.text).toMatch(/^\+100\.0\s?%$/);
    expect(kpi(compared, 'Ventas')?.delta?.tone).toBe('up');
    expect(kpi(compared, 'Ventas')?.detail?.delta?.tone).toBe('up');
    expect(compared.comparedWith).toBe('Cambios frente a marzo de 2026');
  });

  it('compares rates in points and flags a rate that could not be computed last month as new', () => {
    const result = view(seed, [withReport(seed, { salesConversionRate: 9.04 })]);
    expect(kpi(result, 'Conversión a venta')?.delta).toMatchObject({ tone: 'down', text: '-2.0 puntos' });
    const fromNothing = view(seed, [withReport(emptyReport(), {})]);
    expect(kpi(fromNothing, 'Conversión a venta')?.delta?.tone).toBe('new');
    expect(kpi(fromNothing, 'Conversaciones')?.delta?.tone).toBe('new');
  });
});

describe('notes', () => {
  it('tells a new company why there are no deltas, and keeps operator notes out of the customer email', () => {
    // "Previous months could not be fetched" is the operator's problem (run summary, logs).
    expect(view(seed).notes).toEqual([]);
    expect(view(seed, [undefined]).notes).toEqual([expect.stringContaining('Primer mes')]);
    expect(view(seed, [seed]).notes).toEqual([]);
  });
});

describe('split', () => {
  it('splits sales and quotations between Meta ads and organic, with quotation sources', () => {
    const [sales, quotations, pdf, message] = view(seed).split;
    expect(sales?.meta).toMatchObject({ count: '25' });
    expect(quotations?.organic.count).toBe('42');
    expect(pdf).toMatchObject({ sub: true, bar: null, meta: { count: '30', countShare: null, amountShare: null } });
    expect(message?.organic.count).toBe('24');
  });

  it('labels count and amount shares apart, each pair adding up to 100 %, and draws the bar from the count shares', () => {
    // Sales 25 / 13 of 38: 65.8 % / 34.2 % -> 66 / 34. Amounts L 62,500 / L 32,500 of L 95,000: the same.
    // Quotations 70 / 42 of 112: 62.5 / 37.5 -> 63 / 37 (not 63 + 38); amounts 175,000 / 105,000 likewise.
    const [sales, quotations] = view(seed).split;
    expect([sales?.meta.countShare, sales?.organic.countShare]).toEqual([
      expect.stringMatching(/^66\s?% en cantidad$/),
      expect.stringMatching(/^34\s?% en cantidad$/),
    ]);
    expect([sales?.meta.amountShare, sales?.organic.amountShare]).toEqual([
      expect.stringMatching(/^66\s?% en monto$/),
      expect.stringMatching(/^34\s?% en monto$/),
    ]);
    expect(sales?.bar).toEqual({ meta: 66, organic: 34 });
    expect([quotations?.meta.countShare, quotations?.organic.countShare]).toEqual([
      expect.stringMatching(/^63\s?%/),
      expect.stringMatching(/^37\s?%/),
    ]);
    expect(quotations?.bar).toEqual({ meta: 63, organic: 37 });
  });

  it('gives a count share and an amount share that differ their own numbers', () => {
    // 18 of 33 sales (54.5 % -> 55 %) but L 47,390 of L 78,852 (60.1 % -> 60 %): the case that misled readers.
    const report = withReport(seed, {
      salesThatChatHasAnuncioIdCount: 18,
      salesThatChatHasAnuncioId: 47_390,
      salesThatDoesntHaveAnuncioIdCount: 15,
      salesThatDoesntHaveAnuncioId: 31_462,
    });
    const [sales] = view(report).split;
    expect(sales?.meta.countShare).toMatch(/^55\s?% en cantidad$/);
    expect(sales?.meta.amountShare).toMatch(/^60\s?% en monto$/);
    expect(sales?.organic.amountShare).toMatch(/^40\s?% en monto$/);
  });

  it('shows no shares and no bar when there is nothing to split (0 / 0)', () => {
    const report = withReport(seed, {
      salesThatChatHasAnuncioIdCount: 0,
      salesThatChatHasAnuncioId: 0,
      salesThatDoesntHaveAnuncioIdCount: 0,
      salesThatDoesntHaveAnuncioId: 0,
    });
    const [sales] = view(report).split;
    expect(sales?.meta).toMatchObject({ count: '0', countShare: null, amountShare: null });
    expect(sales?.bar).toBeNull();
  });
});

describe('trend', () => {
  it('is absent without any earlier month', () => {
    expect(view(seed).trend).toBeNull();
    expect(view(seed, [undefined, undefined]).trend).toBeNull();
  });

  it('lists up to six months oldest first, with "—" for a month the company was absent', () => {
    const history = [
      scaledReport(seed, 0.5),
      undefined,
      scaledReport(seed, 2),
      scaledReport(seed, 1),
      scaledReport(seed, 1),
      scaledReport(seed, 9),
    ];
    const trend = view(seed, history).trend;
    expect(trend?.rows.map((row) => row.month)).toEqual(['nov 2025', 'dic 2025', 'ene 2026', 'feb 2026', 'mar 2026', 'abr 2026']);
    expect(trend?.rows.map((row) => row.current)).toEqual([false, false, false, false, false, true]);
    // Money first: the amount sold is the first column and the only bar.
    const revenue = trend?.rows.map((row) => row.cells[0]);
    // The seventh month back (9x) is out of the window, so it does not set the scale.
    expect(revenue?.[2]).toMatchObject({ value: expect.stringMatching(/^L\s?190,000\.00$/), bar: 100, rest: 0 });
    expect(revenue?.[3]).toMatchObject({ value: DASH, bar: 0 });
    expect(revenue?.[5]).toMatchObject({ value: expect.stringMatching(/^L\s?95,000\.00$/), bar: 50 });
    expect(trend?.rows[2]?.cells.map((cell) => cell.value)).toEqual([expect.any(String), '76', '1,080']);
  });

  it("adds each month's ad spend and ROAS on the ads section's basis, where the company ran ads", () => {
    const withRate = { ...GROUP_ES, exchangeRates: { 'USD:HNL': 24.7 } };
    const noAds = withReport(seed, { adsBreakdown: [] });
    // April: USD 350 × 24.7 = L 8,645.00, L 30,000 / L 8,645 = L 3.47 in sales per L 1; March had no ads.
    const trend = view(seed, [noAds], { group: withRate }).trend;
    expect(trend?.ads?.headers.slice(0, 2)).toEqual(['Mes', 'Gasto en anuncios']);
    expect(trend?.ads?.rows[1]).toMatchObject({
      spend: expect.stringMatching(/^L\s?8,645\.00$/),
      roas: expect.stringMatching(/^L\s?3\.47$/),
    });
    expect(trend?.ads?.headers[2]).toMatch(/^Ventas por L\s?1 invertido$/);
    expect(trend?.ads?.rows[0]).toMatchObject({ spend: expect.stringMatching(/^L\s?0\.00$/), roas: DASH });
    expect(view(noAds, [noAds]).trend?.ads).toBeNull();
  });
});

describe('standing in the group', () => {
  it('shows the value, the group median and the position in words, never another company', () => {
    // Five companies with sales conversion 5, 6, 7.04 (this one), 8, 9: median 7.04 -> "en la mitad";
    // against 8, 9, 10, 11 it is the lowest of five -> "entre el 25 % más bajo".
    const peers = [5, 6, 8, 9].map((rate, index) =>
      peerFigures(withReport(seed, { data: { id: 100 + index, nombre: `Otra ${index}` }, salesConversionRate: rate }), {}),
    );
    const benchmarks = groupBenchmarks([...peers, peerFigures(seed, {})]);
    const result = buildCompanyView(companyContext(seed, [], PERIOD, GROUP_ES, { benchmarks }), 15, []);
    expect(result.standing?.rows[0]).toEqual({
      label: 'Conversión a venta',
      value: expect.stringMatching(/^7\.0\s?%$/),
      median: expect.stringMatching(/^7\.0\s?%$/),
      position: 'en la mitad del grupo',
    });
    expect(JSON.stringify(result.standing)).not.toContain('Otra');
    const lower = groupBenchmarks([
      ...[8, 9, 10, 11].map((rate) => peerFigures(withReport(seed, { salesConversionRate: rate }), {})),
      peerFigures(seed, {}),
    ]);
    const below = buildCompanyView(companyContext(seed, [], PERIOD, GROUP_ES, { benchmarks: lower }), 15, []);
    expect(below.standing?.rows[0]?.position).toBe('entre el 25 % más bajo del grupo');
  });

  it('is absent without group figures', () => {
    expect(view(seed).standing).toBeNull();
  });
});

describe('next steps', () => {
  it('lists what to do next, most money first, and nothing for an empty month', () => {
    expect(view(seed).nextSteps).toEqual([
      expect.stringMatching(/^Dar seguimiento a las cotizaciones abiertas/),
      expect.stringMatching(/^Cerrar 15 tickets/),
    ]);
    expect(view(emptyReport()).nextSteps).toEqual([]);
  });
});

describe('monthly targets', () => {
  it('shows actual against target on the sales card when the config sets one, and nothing otherwise', () => {
    // L 95,000 of a L 100,000 target = 95 %; 38 of 40 sales = 95 %.
    const targets = { salesAmount: 100_000, salesCount: 40 };
    const result = buildCompanyView(companyContext(seed, [], PERIOD, GROUP_ES, { targets }), 15, []);
    expect(result.kpis[0]?.targets).toEqual([
      expect.stringMatching(/^Meta: L\s?100,000\.00 \(95\s?% alcanzado\)$/),
      expect.stringMatching(/^Meta: 40 ventas \(95\s?% alcanzado\)$/),
    ]);
    expect(view(seed).kpis.every((card) => card.targets.length === 0)).toBe(true);
  });
});

describe('year over year', () => {
  it('compares each KPI with the same month last year when IOBot has it, and names that month', () => {
    const lastYear = withReport(seed, { salesAmount: 76_000, salesConversionRate: 6.04 });
    const result = buildCompanyView(companyContext(seed, [], PERIOD, GROUP_ES, { lastYear }), 15, []);
    // L 95,000 / L 76,000 = +25.0 %; 7.04 % - 6.04 % = +1.0 points.
    expect(kpi(result, 'Ventas')?.yearDelta?.text).toMatch(/^\+25\.0\s?%$/);
    expect(kpi(result, 'Conversión a venta')?.yearDelta?.text).toMatch(/^\+1\.0 /);
    expect(result.yearLabel).toBe('frente a abr 2025');
  });

  it('says nothing about last year when it is missing (no dashes)', () => {
    const result = view(seed, [scaledReport(seed, 0.5)]);
    expect(result.kpis.every((card) => card.yearDelta === null)).toBe(true);
    expect(result.yearLabel).toBeNull();
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
    const result = view(withReport(emptyReport(), { salesCount: 1, salesAmount: 10 }));
    expect([result.agents, result.ads, result.tags]).toEqual([null, null, null]);
  });

  it('says an empty month in one sentence instead of tables of zeros', () => {
    const result = view(emptyReport());
    expect(result.empty).toBe(true);
    expect(result.headlines).toEqual([expect.stringMatching(/^Sin actividad registrada en abril de 2026/)]);
    expect([result.kpis, result.split, result.agents, result.ads, result.tags]).toEqual([[], [], null, null, null]);
  });

  it('shortens very long names in the HTML tables', () => {
    const long = withReport(seed, { agentes: [{ ...(seed.agentes[0] as (typeof seed.agentes)[number]), agente: 'A'.repeat(200) }] });
    expect(view(long).agents?.rows[0]?.name).toHaveLength(40);
  });
});

describe('ads', () => {
  const ad = seed.adsBreakdown[0] as AdRow;

  const withRate = { group: { ...GROUP_ES, exchangeRates: { 'USD:HNL': 24.7 } } };

  it('keeps only https images, with empty alt text (the name is right beside it), and none when thumbnails are off', () => {
    const result = view(withReport(seed, { adsBreakdown: [ad, { ...ad, adId: '2', imageUrl: 'http://example.com/a.jpg' }] }));
    expect(result.ads?.rows[0]?.image).toEqual({ url: 'https://example.com/ad.jpg', alt: '' });
    expect(result.ads?.rows[1]?.image).toBeNull();
    const off = view(seed, [], { group: { ...GROUP_ES, branding: { accentColor: '#2f6fde', sentBy: 'IOBot', adThumbnails: false } } });
    expect(off.ads?.rows[0]?.image).toBeNull();
  });

  it('reconciles the per-ad detail with the ad-attributed totals of the split (vendor example: 12 of 25 sales, 28 of 70 quotations)', () => {
    expect(view(seed).ads?.notes[0]).toBe(
      '12 de las 25 ventas que vinieron de anuncios tienen detalle por anuncio (28 de las 70 cotizaciones): el detalle cubre solo los anuncios de la cuenta publicitaria del reporte.',
    );
    const complete = withReport(seed, { adsBreakdown: [{ ...ad, sales: 25, quotations: 70 }] });
    expect(view(complete).ads?.notes[0]).toBe('Todas las ventas y cotizaciones que vinieron de anuncios tienen detalle por anuncio.');
  });

  it('shows total spend in the company currency at the configured rate, cost per ad-attributed sale and what ROAS divides', () => {
    // USD 350 × 24.7 = L 8,645.00; / the 12 sales with per-ad detail (the ones ROAS divides, not all 25
    // ad-attributed) = L 720.42, the ad row's USD 29.17 × 24.7; L 30,000 / L 8,645 = 3.4702 -> L 3.47 per L 1 (two decimals, as in the CSV).
    const notes = view(seed, [], withRate).ads?.notes ?? [];
    expect(notes[2]).toMatch(
      /^Costo por venta con anuncios: L\s?720\.42 \(L\s?8,645\.00 de gasto ÷ 12 ventas con detalle por anuncio\)\.$/,
    );
    expect(notes[3]).toMatch(
      /^Retorno de los anuncios \(ROAS\): L\s?3\.47 en ventas por cada L\s?1 invertido \(L\s?30,000\.00 en ventas con detalle por anuncio, con L\s?8,645\.00 de gasto\)\.$/,
    );
    expect(view(seed, [], withRate).ads?.rows[0]).toMatchObject({
      roas: expect.stringMatching(/^L\s?3\.47$/),
      salesAmount: expect.stringMatching(/^L\s?30,000\.00$/),
    });
  });

  it('without a rate, shows spend and cost per ad-attributed sale in the spend currency, no ROAS and no operator note', () => {
    // USD 350 / 12 sales with per-ad detail = USD 29.17, what the ad's own row says.
    const without = view(seed);
    expect(without.ads?.rows[0]?.roas).toBe(DASH);
    expect(without.ads?.rows[0]?.costPerSale).toMatch(/^USD\s?29\.17$/);
    expect(without.ads?.notes.slice(1)).toEqual([
      expect.stringMatching(/^Gasto total: USD\s?350\.00$/),
      expect.stringMatching(/^Costo por venta con anuncios: USD\s?29\.17 /),
      // Not silent: what the ads sold and spent, each in its own currency, without a ratio.
      expect.stringMatching(/^Los anuncios con detalle vendieron L\s?30,000\.00 con USD\s?350\.00 de gasto\.$/),
    ]);
    // No ROAS column of dashes.
    expect(without.ads?.showRoas).toBe(false);
    expect(without.ads?.notes.join(' ')).not.toMatch(/tasa de cambio|ROAS/);
  });

  it("shows each ad in one currency where a rate exists: spend and costs in the amounts' currency, the ads' own below", () => {
    // USD 350 × 24.7 = L 8,645.00; USD 29.1667 × 24.7 = L 720.42; USD 12.50 × 24.7 = L 308.75.
    const row = view(seed, [], withRate).ads?.rows[0];
    expect(row).toMatchObject({
      spend: expect.stringMatching(/^L\s?8,645\.00$/),
      spendOriginal: expect.stringMatching(/^USD\s?350\.00$/),
      costPerSale: expect.stringMatching(/^L\s?720\.42$/),
      quotations: expect.stringMatching(/costo por cotización L\s?308\.75$/),
    });
    expect(view(seed, [], withRate).ads?.showRoas).toBe(true);
  });

  it('words the exchange rate and a full sales detail plainly ("a L 24.70 por dólar", "Las 12 ventas…")', () => {
    const notes = view(seed, [], withRate).ads?.notes ?? [];
    expect(notes[1]).toMatch(/^Gasto total: USD\s?350\.00 \(L\s?8,645\.00, a L\s?24\.70 por dólar\)$/);
    const allSales = withReport(seed, { salesThatChatHasAnuncioIdCount: 12 });
    expect(view(allSales).ads?.notes[0]).toMatch(
      /^Las 12 ventas que vinieron de anuncios tienen detalle por anuncio \(28 de las 70 cotizaciones\)/,
    );
  });

  it('writes quetzales as Q, as Guatemalans do, even in a Honduran group', () => {
    const guatemala = withReport(seed, { data: { feature_flags: { currency: 'GTQ' } } });
    expect(view(guatemala).kpis[0]?.value).toMatch(/^Q\s?95,000\.00$/);
  });

  it('keeps two decimals for a ROAS below 1×, where they matter', () => {
    const rates = { group: { ...GROUP_ES, exchangeRates: { 'USD:HNL': 25 } } };
    const result = view(withReport(seed, { adsBreakdown: [{ ...ad, spend: 100, salesAmount: 100 }] }), [], rates);
    expect(result.ads?.rows[0]?.roas).toMatch(/^L\s?0\.04$/);
  });

  it('flags ads that spent without sales and shows "—" cost per sale for them', () => {
    const result = view(withReport(seed, { adsBreakdown: [{ ...ad, sales: 0, salesAmount: 0 }] }));
    expect(result.ads?.rows[0]).toMatchObject({ flag: 'Sin ventas', costPerSale: DASH });
  });

  it('flags ads that sold less than they spent, where the currencies compare', () => {
    // USD 100 × 24.7 = L 2,470 of spend for L 1,000 of sales.
    const result = view(withReport(seed, { adsBreakdown: [{ ...ad, spend: 100, salesAmount: 1_000 }] }), [], withRate);
    expect(result.ads?.rows[0]?.flag).toBe('No recuperó lo invertido');
  });
});

describe('header', () => {
  it('shows the logo only from an https URL', () => {
    // Empty alt: the company name is the heading right below, and long alt text wraps over the box when images are off.
    expect(view(seed).logo).toEqual({ url: 'https://example.com/logo.png', alt: '' });
    const branded = {
      ...GROUP_ES,
      branding: { accentColor: '#0b7a75', sentBy: 'Aquatec', adThumbnails: true, logoUrl: 'https://cdn.example.com/aquatec.png' },
    };
    expect(view(seed, [], { group: branded }).logo?.url).toBe('https://cdn.example.com/aquatec.png');
    expect(view(seed, [], { group: branded }).accent).toBe('#0b7a75');
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

describe('agents', () => {
  it('counts the sales no agent was assigned to (vendor example: the table covers 15 of 38 sales)', () => {
    // 38 - 15 = 23 sales; L 95,000 - L 37,500 = L 57,500.
    expect(view(seed).agents?.unassigned).toMatch(/^23 de las 38 ventas \(L\s?57,500\.00\) no tienen un agente asignado\.$/);
  });

  it('gives each agent a conversion rate and ticket completion', () => {
    // 15 sales / 540 conversations = 2.78 % -> 2.8 %; 95 completed of 120 tickets = 79 %.
    const [maria] = view(seed).agents?.rows ?? [];
    expect(maria).toMatchObject({
      conversion: expect.stringMatching(/^2\.8\s?%$/),
      tickets: expect.stringMatching(/^95 de 120 tickets completados \(79\s?%\)$/),
    });
  });

  it('says nothing about unassigned sales when the agents cover them all', () => {
    const covered = withReport(seed, { agentes: [{ ...(seed.agentes[0] as (typeof seed.agentes)[number]), ventas: 38 }] });
    expect(view(covered).agents?.unassigned).toBeNull();
  });
});

describe('footer', () => {
  it('says who sends the report and whom to contact', () => {
    expect(view(seed).footer).toMatch(
      /^IOBot envía este reporte automáticamente cada mes\. Datos de IOBot\. Del 1 al 30 de abril de 2026 \(hora de Honduras\)\.$/,
    );
    expect(view(seed).contact).toBe('Para preguntas sobre este reporte, responda a este correo.');
    const branded = {
      ...GROUP_ES,
      branding: { accentColor: '#2f6fde', sentBy: 'Aquatec', adThumbnails: true, contact: 'soporte@aquatec.hn' },
    };
    expect(view(seed, [], { group: branded }).contact).toBe('Preguntas sobre este reporte: soporte@aquatec.hn.');
    expect(view(seed, [], { group: branded }).footer).toMatch(/^Aquatec envía/);
  });
});
