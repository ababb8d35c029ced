import { describe, expect, it } from 'vitest';
import { companyContext } from '../../../functions/report/company/company-context.ts';
import {
  adSpendLossRule,
  roasRule,
  bestAdRule,
  conversationsRule,
  conversionChangeRule,
  emptyMonthRule,
  headlines,
  metaShareRule,
  pendingTicketsRule,
  quotationsRule,
  salesRule,
  topAgentRule,
  yearOverYearRule,
} from '../../../functions/report/headlines/headlines.ts';
import type { AdRow, AgentRow, CompanyReport } from '../../../functions/iobot/report-schema.ts';
import { buildSplit } from '../../../functions/report/view/view-sales-split.ts';
import { GROUP_EN, GROUP_ES, PERIOD, emptyReport, seedReport, withReport } from '../../fixtures/reports.ts';

const context = (report: CompanyReport, history: (CompanyReport | undefined)[] = [], group = GROUP_ES) =>
  companyContext(report, history, PERIOD, group);

const seed = seedReport();
const baseAd = seed.adsBreakdown[0] as AdRow;
const baseAgent = seed.agentes[0] as AgentRow;
const ads = (...rows: Partial<AdRow>[]) => rows.map((row, index) => ({ ...baseAd, adId: String(index), ...row }));
const agents = (...rows: Partial<AgentRow>[]) => rows.map((row) => ({ ...baseAgent, ...row }));

describe('emptyMonthRule', () => {
  it('replaces every other headline when nothing happened', () => {
    const ctx = context(emptyReport());
    expect(emptyMonthRule(ctx)?.text).toContain('abril de 2026');
    expect(headlines(ctx).map((headline) => headline.rule)).toEqual(['emptyMonth']);
  });

  it('stays silent when anything happened', () => {
    expect(emptyMonthRule(context(seed))).toBeNull();
    expect(emptyMonthRule(context(withReport(emptyReport(), { adsBreakdown: ads({ spend: 5, sales: 0 }) })))).toBeNull();
  });
});

describe('salesRule', () => {
  it('states count and amount when there is no month to compare with', () => {
    const text = salesRule(context(seed))?.text;
    expect(text).toContain('38 ventas');
    expect(text).toContain('95,000.00');
    expect(text).not.toContain('marzo');
  });

  it('leads with the amount sold and its change, the count beside it', () => {
    // L 95,000 / L 90,000 = +5.6 %; 38 / 34 sales = +11.8 %.
    const text = salesRule(context(seed, [withReport(seed, { salesCount: 34, salesAmount: 90_000 })]))?.text ?? '';
    expect(text).toMatch(/^Las ventas subieron 5\.6\s?% frente a marzo: L\s?95,000\.00 en 38 ventas \(\+11\.8\s?% en cantidad\)\.$/);
    expect(salesRule(context(seed, [withReport(seed, { salesCount: 50, salesAmount: 100_000 })]))?.text).toMatch(
      /^Las ventas bajaron 5\.0\s?% frente a marzo: L\s?95,000\.00 en 38 ventas \(-24\.0\s?% en cantidad\)\./,
    );
  });

  it('never celebrates a count that rose while revenue fell: it says both, and why (the average sale)', () => {
    // Sales 34 -> 38 (+11.8 %), revenue L 100,000 -> L 95,000 (-5.0 %); average L 2,941.18 -> L 2,500 (-15.0 %).
    const text = salesRule(context(seed, [withReport(seed, { salesCount: 34, salesAmount: 100_000 })]))?.text ?? '';
    expect(text).toMatch(
      /^Las ventas bajaron 5\.0\s?%.*\(\+11\.8\s?% en cantidad\)\. La venta promedio bajó 15\.0\s?%, a L\s?2,500\.00\.$/,
    );
  });

  it('names a large fall of the average sale even when count and revenue both rose (Empresa Principal: +18.9 % and +1.0 %)', () => {
    // 32 -> 38 sales = +18.8 %; L 94,059.41 -> L 95,000 = +1.0 %; average L 2,939.36 -> L 2,500 = -14.9 %.
    const text = salesRule(context(seed, [withReport(seed, { salesCount: 32, salesAmount: 94_059.41 })]))?.text ?? '';
    expect(text).toMatch(/^Las ventas subieron 1\.0\s?%.*\(\+18\.8\s?% en cantidad\)\. La venta promedio bajó 14\.9\s?%/);
  });

  it('words "no change", "from zero" and "no sales" as sentences, not as 0 % or Infinity', () => {
    expect(salesRule(context(seed, [seed]))?.text).toMatch(/^Las ventas se mantuvieron igual que en marzo: .*\(la misma cantidad\)\.$/);
    expect(salesRule(context(seed, [withReport(seed, { salesCount: 0, salesAmount: 0 })]))?.text).toContain('en marzo no hubo ventas');
    const none = withReport(seed, { salesCount: 0, salesAmount: 0 });
    expect(salesRule(context(none, [seed]))?.text).toBe('Sin ventas en abril, frente a 38 ventas en marzo.');
    expect(salesRule(context(none))?.text).toBe('Sin ventas en abril.');
  });

  it('always leads', () => {
    const all = headlines(context(seed, [withReport(seed, { salesCount: 10, conversaciones: 100, salesConversionRate: 1 })]));
    expect(all[0]?.rule).toBe('sales');
  });
});

describe('yearOverYearRule', () => {
  it('compares the amount sold with the same month last year, by name', () => {
    // L 95,000 / L 76,000 = +25.0 %.
    const ctx = companyContext(seed, [], PERIOD, GROUP_ES, { lastYear: withReport(seed, { salesAmount: 76_000 }) });
    expect(yearOverYearRule(ctx)?.text).toMatch(
      /^Frente a abril de 2025, las ventas subieron 25\.0\s?% \(entonces fueron L\s?76,000\.00\)\.$/,
    );
  });

  it('is silent without last year', () => {
    expect(yearOverYearRule(context(seed, [seed]))).toBeNull();
  });
});

describe('adSpendLossRule with an exchange rate (loss-making spend, weighted by spend)', () => {
  const withRate = { ...GROUP_ES, exchangeRates: { 'USD:HNL': 24.7 } };

  it('names the ads whose sales are worth less than their spend, with that spend and its share', () => {
    // A: USD 100 = L 2,470.00 of spend for L 1,000.00 of sales (a loss); B: USD 300 = L 7,410.00 for
    // L 20,000.00. Loss-making spend: 2,470 / (2,470 + 7,410) = 2,470 / 9,880 = 25 %.
    const report = withReport(seed, {
      adsBreakdown: ads({ spend: 100, salesAmount: 1_000, sales: 1 }, { spend: 300, salesAmount: 20_000, sales: 8 }),
    });

    const headline = adSpendLossRule(context(report, [], withRate));

    expect(headline?.text).toMatch(/^1 anuncio no recuperó lo invertido: L\s?2,470\.00 de L\s?9,880\.00 de gasto \(25\s?%\)\.$/);
    expect(headline?.score).toBe(90);
  });

  it('counts an ad with no sale at all as loss-making, and ranks a small loss lower', () => {
    // USD 10 = L 247.00 with no sales, of L 247 + L 24,453 (USD 990) = L 24,700.00: 1 %.
    const report = withReport(seed, {
      adsBreakdown: ads({ spend: 10, salesAmount: 0, sales: 0 }, { spend: 990, salesAmount: 90_000, sales: 9 }),
    });

    const headline = adSpendLossRule(context(report, [], withRate));

    expect(headline?.text).toMatch(/^1 anuncio no recuperó lo invertido: L\s?247\.00 de L\s?24,700\.00 de gasto \(1\s?%\)\.$/);
    expect(headline?.score).toBe(65);
  });

  it('is silent when every ad sold more than it spent (the vendor example: L 30,000 on L 8,645)', () => {
    expect(adSpendLossRule(context(seed, [], withRate))).toBeNull();
  });
});

describe('roasRule', () => {
  const withRate = { ...GROUP_ES, exchangeRates: { 'USD:HNL': 24.7 } };

  it("says what ROAS divides: the detailed ads' sales amount over their converted spend", () => {
    // USD 350 × 24.7 = L 8,645.00; L 30,000.00 / L 8,645.00 = 3.4702 -> L 3.47 in sales per L 1.
    expect(roasRule(context(seed, [], withRate))?.text).toMatch(
      /^Los anuncios con detalle vendieron L\s?30,000\.00 con L\s?8,645\.00 de gasto: L\s?3\.47 en ventas por cada L\s?1 invertido\.$/,
    );
  });

  it('ranks a ROAS below 1× (ads lost money overall) above the context lines', () => {
    const losing = withReport(seed, { adsBreakdown: ads({ spend: 100, salesAmount: 1_235, sales: 1 }) });
    // L 1,235 / L 2,470 = 0.5 -> two decimals below 1×.
    const headline = roasRule(context(losing, [], withRate));

    expect(headline?.text).toMatch(/: L\s?0\.50 en ventas por cada L\s?1 invertido\.$/);
    expect(headline?.score).toBeGreaterThan(85);
  });

  it('is silent without a rate to compare spend and sales', () => {
    expect(roasRule(context(seed))).toBeNull();
  });
});

describe('adSpendLossRule', () => {
  it('counts the ads that spent without selling and says how much they spent', () => {
    const ctx = context(
      withReport(seed, {
        adsBreakdown: ads({ spend: 100, sales: 0 }, { spend: 50.5, sales: 0 }, { spend: 20, sales: 0 }, { spend: 900, sales: 9 }),
      }),
    );
    const headline = adSpendLossRule(ctx);
    expect(headline?.text).toMatch(/^3 anuncios gastaron USD\s?170\.50 sin ventas/);
  });

  it('uses the singular for one ad and ranks small waste lower than a quarter of the budget', () => {
    const small = adSpendLossRule(context(withReport(seed, { adsBreakdown: ads({ spend: 10, sales: 0 }, { spend: 990, sales: 9 }) })));
    expect(small?.text).toMatch(/^1 anuncio gastó/);
    const large = adSpendLossRule(context(withReport(seed, { adsBreakdown: ads({ spend: 400, sales: 0 }, { spend: 600, sales: 9 }) })));
    expect(large?.score).toBeGreaterThan(small?.score ?? Infinity);
  });

  it('lists each spend currency apart instead of adding them', () => {
    const ctx = context(
      withReport(seed, { adsBreakdown: ads({ spend: 10, sales: 0, currency: 'EUR' }, { spend: 20, sales: 0, currency: 'USD' }) }),
    );
    expect(adSpendLossRule(ctx)?.text).toMatch(/EUR\s?10\.00 y USD\s?20\.00/);
  });

  it('is silent when every spending ad sold', () => {
    expect(adSpendLossRule(context(seed))).toBeNull();
  });
});

describe('conversionChangeRule', () => {
  const previous = withReport(seed, { salesConversionRate: 4.5 });

  it('reports swings of a point or more, in percentage points', () => {
    const headline = conversionChangeRule(context(seed, [previous]));
    expect(headline?.text).toContain('+2.5 puntos');
    expect(headline?.text).toMatch(/7\.0\s?%/);
    expect(headline?.score).toBe(85);
    expect(conversionChangeRule(context(seed, [withReport(seed, { salesConversionRate: 5.8 })]))?.score).toBe(70);
  });

  it('ignores small swings, missing months and months without conversations', () => {
    expect(conversionChangeRule(context(seed, [withReport(seed, { salesConversionRate: 6.5 })]))).toBeNull();
    expect(conversionChangeRule(context(seed))).toBeNull();
    expect(conversionChangeRule(context(seed, [undefined]))).toBeNull();
    expect(conversionChangeRule(context(seed, [withReport(previous, { conversaciones: 0 })]))).toBeNull();
  });
});

describe('quotationsRule', () => {
  it('headlines a change of 10 % or more', () => {
    const headline = quotationsRule(context(seed, [withReport(seed, { quotationsCount: 140 })]));
    expect(headline?.score).toBe(80);
    expect(headline?.text).toMatch(/^Las cotizaciones bajaron 20\.0\s?% frente a marzo: 112 cotizaciones/);
  });

  it('falls back to a plain, low-ranked statement otherwise', () => {
    const headline = quotationsRule(context(seed, [withReport(seed, { quotationsCount: 110 })]));
    expect(headline?.score).toBe(40);
    expect(headline?.text).toMatch(/^112 cotizaciones por L\s?280,000\.00\.$/);
  });

  it('notes a month without quotations', () => {
    expect(quotationsRule(context(withReport(seed, { quotationsCount: 0 })))?.text).toBe('Sin cotizaciones en abril.');
  });
});

describe('metaShareRule', () => {
  it('gives the share of sales that came from Meta ads', () => {
    expect(metaShareRule(context(seed))?.text).toMatch(/^El 66\s?% de las ventas provino de anuncios de Meta/);
  });

  it('quotes the same whole percentage the split table shows (1 of 13 sales: 8 %, never 7.7 %)', () => {
    const report = withReport(seed, {
      salesCount: 13,
      salesThatChatHasAnuncioIdCount: 1,
      salesThatDoesntHaveAnuncioIdCount: 12,
    });
    const ctx = context(report);
    expect(metaShareRule(ctx)?.text).toMatch(/^El 8\s?% de las ventas/);
    expect(buildSplit(ctx)[0]?.meta.countShare).toMatch(/^8\s?% en cantidad$/);
  });

  it('is silent without sales or without ad sales', () => {
    expect(metaShareRule(context(withReport(seed, { salesCount: 0 })))).toBeNull();
    expect(metaShareRule(context(withReport(seed, { salesThatChatHasAnuncioIdCount: 0 })))).toBeNull();
  });
});

describe('pendingTicketsRule', () => {
  it('speaks when a fifth or more of the tickets are still open', () => {
    const ctx = context(withReport(seed, { agentes: agents({ totalTickets: 100, pendientes: 15, proceso: 10 }) }));
    expect(pendingTicketsRule(ctx)?.text).toMatch(/^25 tickets siguen pendientes o en proceso \(25\s?% del total\)/);
  });

  it('is silent for a small backlog, in share or in count', () => {
    expect(pendingTicketsRule(context(seed))).toBeNull();
    expect(pendingTicketsRule(context(withReport(seed, { agentes: agents({ totalTickets: 10, pendientes: 2, proceso: 2 }) })))).toBeNull();
  });
});

describe('bestAdRule', () => {
  it('names the ad with the lowest cost per sale', () => {
    const ctx = context(
      withReport(seed, {
        adsBreakdown: ads(
          { name: 'Cara', spend: 300, sales: 2 },
          { name: 'Barata', spend: 100, sales: 4 },
          { name: 'Sin ventas', spend: 1, sales: 0 },
        ),
      }),
    );
    expect(bestAdRule(ctx)?.text).toMatch(/^Mejor anuncio: «Barata», 4 ventas con un costo por venta de USD\s?25\.00\.$/);
  });

  it('needs at least two selling ads to call one "best"', () => {
    expect(bestAdRule(context(seed))).toBeNull();
  });
});

describe('topAgentRule', () => {
  it('names the agent with most sales and their share', () => {
    const ctx = context(withReport(seed, { agentes: agents({ agente: 'Ana', ventas: 10 }, { agente: 'Luis', ventas: 28 }) }));
    expect(topAgentRule(ctx)?.text).toMatch(/^Luis lideró las ventas: 28 ventas de 38 \(74\s?%\)\.$/);
  });

  it('is silent with a single agent, no sales, or a leader with under a fifth of sales', () => {
    expect(topAgentRule(context(seed))).toBeNull();
    expect(topAgentRule(context(withReport(seed, { agentes: agents({ ventas: 7 }, { ventas: 6 }) })))).toBeNull();
    expect(topAgentRule(context(withReport(seed, { agentes: agents({ ventas: 0 }, { ventas: 0 }) })))).toBeNull();
  });
});

describe('conversationsRule', () => {
  it('always speaks, with the change when there is one', () => {
    expect(conversationsRule(context(seed))?.text).toBe('540 conversaciones atendidas.');
    expect(conversationsRule(context(seed, [withReport(seed, { conversaciones: 600 })]))?.text).toMatch(/\(-10\.0\s?% frente a marzo\)/);
  });
});

describe('headlines', () => {
  it('orders by importance and keeps three to five sentences', () => {
    const busy = withReport(seed, {
      adsBreakdown: ads({ spend: 400, sales: 0 }, { spend: 100, sales: 3 }, { spend: 200, sales: 4 }),
      agentes: agents({ agente: 'Ana', ventas: 10, totalTickets: 100, pendientes: 30 }, { agente: 'Luis', ventas: 28 }),
    });
    const result = headlines(context(busy, [withReport(seed, { salesCount: 30, salesConversionRate: 3, quotationsCount: 200 })]));
    expect(result).toHaveLength(5);
    expect(result.map((headline) => headline.rule)).toEqual(['sales', 'adSpendLoss', 'conversionChange', 'quotations', 'metaShare']);
    const scores = result.map((headline) => headline.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('has at least three sentences for a quiet month with activity', () => {
    const quiet = withReport(emptyReport(), { conversaciones: 3 });
    expect(headlines(context(quiet)).length).toBeGreaterThanOrEqual(3);
  });

  it('speaks the group language', () => {
    const [first] = headlines(context(seed, [withReport(seed, { salesCount: 34, salesAmount: 90_000 })], GROUP_EN));
    expect(first?.text).toMatch(/^Revenue rose 5\.6\s?% from March: L\s?95,000\.00 from 38 sales \(\+11\.8\s?% in number\)\.$/);
  });
});
