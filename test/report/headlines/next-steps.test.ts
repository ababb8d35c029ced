import { describe, expect, it } from 'vitest';
import { companyContext, type GroupSettings } from '../../../functions/report/company/company-context.ts';
import { agentFallStep, nextSteps, pauseAdsStep, scaleAdsStep } from '../../../functions/report/headlines/next-steps.ts';
import type { AdRow, AgentRow, CompanyReport } from '../../../functions/iobot/report-schema.ts';
import { GROUP_ES, PERIOD, emptyReport, seedReport, withReport } from '../../fixtures/reports.ts';

const RATED: GroupSettings = { ...GROUP_ES, exchangeRates: { 'USD:HNL': 24.7 } };
const seed = seedReport();
const baseAd = seed.adsBreakdown[0] as AdRow;
const baseAgent = seed.agentes[0] as AgentRow;
/** Intl's no-break spaces (after "L") as plain ones, so the sentences read as written here. */
const plain = (text: string | undefined) => text?.replace(/\u00a0/g, ' ');
const context = (report: CompanyReport, history: (CompanyReport | undefined)[] = [], group = RATED) =>
  companyContext(report, history, PERIOD, group);

// A: spent USD 100, no sale; B: USD 50 for L 40,000; C: USD 300 for L 5,000 (L 7,410 spent).
const mixedAds = withReport(seed, {
  adsBreakdown: [
    { ...baseAd, adId: 'a', name: 'A', spend: 100, sales: 0, salesAmount: 0 },
    { ...baseAd, adId: 'b', name: 'B', spend: 50, sales: 5, salesAmount: 40_000 },
    { ...baseAd, adId: 'c', name: 'C', spend: 300, sales: 3, salesAmount: 5_000 },
  ],
});

describe('nextSteps', () => {
  it('on the vendor example: follow up open quotations, then close pending tickets', () => {
    // 112 quotations, 33.93 % became sales: 74 open, about L 280,000 × 0.6607 = L 184,996.00.
    // Tickets: 8 pending + 7 in progress = 15 of 120 (13 %).
    expect(nextSteps(context(seed)).map((step) => plain(step.text))).toEqual([
      'Dar seguimiento a las cotizaciones abiertas: 74 de 112 cotizaciones no terminaron en venta, cerca de L 184,996.00 cotizados.',
      'Cerrar 15 tickets pendientes o en proceso (13% del total).',
    ]);
  });

  it('names the ads to pause with the spend they took, in the sales currency', () => {
    // (USD 100 + USD 300) × 24.7 = L 9,880.00; C spent most.
    expect(plain(pauseAdsStep(context(mixedAds))?.text)).toBe(
      'Pausar o revisar 2 anuncios que no recuperaron lo invertido, empezando por «C» y «A»: L 9,880.00 de gasto este mes.',
    );
    // Without a rate only the ad without sales is known to be losing, in its own currency.
    expect(plain(pauseAdsStep(context(mixedAds, [], GROUP_ES))?.text)).toBe(
      'Pausar o revisar «A»: no recuperó lo invertido (USD 100.00 de gasto este mes).',
    );
    expect(pauseAdsStep(context(seed))).toBeNull();
  });

  it("names the ad to scale when its ROAS is at least twice the company's", () => {
    // Total: L 45,000 / L 11,115 = 4.05; B: L 40,000 / L 1,235 = 32.39 (sales per L 1 spent).
    expect(plain(scaleAdsStep(context(mixedAds))?.text)).toBe(
      'Darle más presupuesto a «B»: vendió L 40,000.00, L 32.39 en ventas por cada L 1 invertido, frente a L 4.05 del total de anuncios.',
    );
    expect(scaleAdsStep(context(seed))).toBeNull();
  });

  it('names the agent whose conversion fell most, by 2 points or more', () => {
    // María: 30 / 540 = 5.6 % in March, 15 / 540 = 2.8 % in April: -2.8 points.
    const march = withReport(seed, { agentes: [{ ...baseAgent, ventas: 30, ventasAmount: 75_000 }] });
    expect(plain(agentFallStep(context(seed, [march]))?.text)).toBe(
      'Revisar con María García su conversión a venta: bajó de 5.6% en marzo a 2.8% (-2.8 puntos), con 540 conversaciones.',
    );
    expect(agentFallStep(context(seed, [withReport(seed, { agentes: [{ ...baseAgent, ventas: 16 }] })]))).toBeNull();
  });

  it('keeps at most four, the most money first, and says nothing on an empty month', () => {
    const march = withReport(mixedAds, { agentes: [{ ...baseAgent, ventas: 30, ventasAmount: 75_000 }] });
    const steps = nextSteps(context(mixedAds, [march]));
    // Open quotations L 184,996; scale B L 40,000; agent fall L 37,500 of sales lost; pause L 9,880; tickets dropped.
    expect(steps.map((step) => step.rule)).toEqual(['openQuotations', 'scaleAds', 'agentFall', 'pauseAds']);
    expect(nextSteps(context(emptyReport()))).toEqual([]);
  });
});
