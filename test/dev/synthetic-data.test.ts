import { describe, expect, it } from 'vitest';
import { companyReport, multiReport } from '../../dev/synthetic/company-report.ts';
import { defaultGroup, generateGroup, largeCompany } from '../../dev/synthetic/groups.ts';
import type { SimCompany, SimRange } from '../../dev/synthetic/sim-company.ts';
import type { SimCompanyReport } from '../../dev/synthetic/vendor-answer.ts';
import { multiReportResponseSchema } from '../../functions/iobot/report-schema.ts';

const utcMonth = (year: number, month: number): SimRange => ({
  startDate: new Date(Date.UTC(year, month - 1, 1)).toISOString(),
  endDate: new Date(Date.UTC(year, month, 1) - 1).toISOString(),
});

// Tegucigalpa is UTC-6 all year: the periods the mailer really asks for.
const localMonth = (year: number, month: number): SimRange => ({
  startDate: new Date(Date.UTC(year, month - 1, 1, 6)).toISOString(),
  endDate: new Date(Date.UTC(year, month, 1, 6) - 1).toISOString(),
});

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
const hasAtMostDecimals = (value: number, decimals: number): boolean =>
  Math.abs(value * 10 ** decimals - Math.round(value * 10 ** decimals)) < 1e-6;

/** Every relation the mailer relies on, checked from scratch; one sentence per violation. */
const consistencyProblems = (report: SimCompanyReport): string[] => {
  const problems: string[] = [];
  const expectEqual = (label: string, actual: number, expected: number) => {
    if (actual !== expected) problems.push(`${label}: ${actual} != ${expected}`);
  };
  const expectRate = (label: string, rate: number, numerator: number, denominator: number) => {
    const exact = denominator === 0 ? 0 : (numerator / denominator) * 100;
    if (Math.abs(rate - exact) > 0.005 + 1e-9 || !hasAtMostDecimals(rate, 2)) problems.push(`${label}: ${rate} vs ${exact}`);
  };
  const r = report;

  for (const [key, value] of Object.entries(r)) {
    if (typeof value === 'number' && (value < 0 || !Number.isFinite(value))) problems.push(`${key} is ${value}`);
  }
  expectEqual('sales ad + organic', r.salesThatChatHasAnuncioIdCount + r.salesThatDoesntHaveAnuncioIdCount, r.salesCount);
  expectEqual('sales amount ad + organic', r.salesThatChatHasAnuncioId + r.salesThatDoesntHaveAnuncioId, r.salesAmount);
  expectEqual(
    'quotations ad + organic',
    r.quotationsThatChatHasAnuncioIdCount + r.quotationsThatDoesntHaveAnuncioIdCount,
    r.quotationsCount,
  );
  expectEqual('quotations amount ad + organic', r.quotationsThatChatHasAnuncioId + r.quotationsThatDoesntHaveAnuncioId, r.quotationsAmount);
  expectEqual(
    'ad quotations pdf + message',
    r.quotationsThatChatHasAnuncioIdAndSourceIsPdfCount + r.quotationsThatChatHasAnuncioIdAndSourceIsMessageCount,
    r.quotationsThatChatHasAnuncioIdCount,
  );
  expectEqual(
    'ad quotations amount pdf + message',
    r.quotationsThatChatHasAnuncioIdAndSourceIsPdf + r.quotationsThatChatHasAnuncioIdAndSourceIsMessage,
    r.quotationsThatChatHasAnuncioId,
  );
  expectEqual(
    'organic quotations pdf + message',
    r.quotationsThatDoesntHaveAnuncioIdAndSourceIsPdfCount + r.quotationsThatDoesntHaveAnuncioIdAndSourceIsMessageCount,
    r.quotationsThatDoesntHaveAnuncioIdCount,
  );
  expectEqual(
    'organic quotations amount pdf + message',
    r.quotationsThatDoesntHaveAnuncioIdAndSourceIsPdf + r.quotationsThatDoesntHaveAnuncioIdAndSourceIsMessage,
    r.quotationsThatDoesntHaveAnuncioId,
  );
  expectRate('salesConversionRate', r.salesConversionRate, r.salesCount, r.conversaciones);
  expectRate('qoutationConversionRate', r.qoutationConversionRate, r.quotationsCount, r.conversaciones);
  expectRate('qoutationToSalesConversionRate', r.qoutationToSalesConversionRate, r.salesCount, r.quotationsCount);
  for (const [label, temperature] of [
    ['averageTemperature', r.averageTemperature],
    ['averageAgentTemperature', r.averageAgentTemperature],
  ] as const) {
    if (temperature < 0 || temperature > 10 || !hasAtMostDecimals(temperature, 1)) problems.push(`${label} is ${temperature}`);
  }

  for (const agent of r.agentes) {
    expectEqual(`${agent.agente} tickets`, agent.completados + agent.cancelados + agent.pendientes + agent.proceso, agent.totalTickets);
    expectEqual(`${agent.agente} empresa_id`, agent.empresa_id, r.data.id);
  }
  expectEqual('agents ventas', sum(r.agentes.map((agent) => agent.ventas)), r.salesCount);
  expectEqual('agents ventasAmount', sum(r.agentes.map((agent) => agent.ventasAmount)), r.salesAmount);
  expectEqual('agents cotizaciones', sum(r.agentes.map((agent) => agent.cotizaciones)), r.quotationsCount);
  expectEqual('agents cotizacionesAmount', sum(r.agentes.map((agent) => agent.cotizacionesAmount)), r.quotationsAmount);
  expectEqual('agents conversaciones', sum(r.agentes.map((agent) => agent.conversaciones)), r.conversaciones);

  const ads = r.adsBreakdown ?? [];
  if (sum(ads.map((ad) => ad.sales)) > r.salesThatChatHasAnuncioIdCount) problems.push('ads sell more than ad chats');
  if (sum(ads.map((ad) => ad.salesAmount)) > r.salesThatChatHasAnuncioId) problems.push('ads sales amount over ad chats');
  if (sum(ads.map((ad) => ad.quotations)) > r.quotationsThatChatHasAnuncioIdCount) problems.push('ads quote more than ad chats');
  for (const ad of ads) {
    if (ad.currency !== 'USD' || ad.spend < 0 || !hasAtMostDecimals(ad.spend, 2))
      problems.push(`ad ${ad.adId} spend ${ad.spend} ${ad.currency}`);
  }

  r.tags.forEach((tag, index) => {
    const previous = r.tags[index - 1];
    if (previous && previous.count < tag.count) problems.push(`tag ${tag.name} (${tag.count}) after ${previous.name} (${previous.count})`);
  });
  if ((r.data.feature_flags.ad_account_for_report === undefined) !== (r.adsBreakdown === undefined)) {
    problems.push('adsBreakdown present without an ad account, or missing with one');
  }
  return problems;
};

/** Everything that must add up across ranges: counts, amounts, per agent, per ad, per tag. */
const additive = (report: SimCompanyReport) => ({
  totals: Object.fromEntries(
    Object.entries(report).filter(([key, value]) => typeof value === 'number' && !key.endsWith('Rate') && !key.startsWith('average')),
  ),
  agents: report.agentes.map(({ empresa_id: _company, ...counts }) => counts),
  tags: Object.fromEntries(report.tags.map((tag) => [tag.name, tag.count])),
  ads: (report.adsBreakdown ?? []).map(({ adId, spend, sales, salesAmount, quotations, quotationsAmount }) => ({
    adId,
    spendCents: Math.round(spend * 100),
    sales,
    salesAmount,
    quotations,
    quotationsAmount,
  })),
});

const addUp = (a: ReturnType<typeof additive>, b: ReturnType<typeof additive>): ReturnType<typeof additive> => {
  const addRecords = <T extends Record<string, unknown>>(x: T, y: T): T =>
    Object.fromEntries(Object.entries(x).map(([key, value]) => [key, typeof value === 'number' ? value + (y[key] as number) : value])) as T;
  const tags = { ...a.tags };
  for (const [name, count] of Object.entries(b.tags)) tags[name] = (tags[name] ?? 0) + count;
  return {
    totals: addRecords(a.totals, b.totals),
    agents: a.agents.map((agent, index) => addRecords(agent, b.agents[index] ?? agent)),
    tags,
    ads: a.ads.map((ad, index) => addRecords(ad, b.ads[index] ?? ad)),
  };
};

describe('synthetic data', () => {
  it('gives the same answer for the same request and another one for another seed', () => {
    const range = utcMonth(2026, 4);

    const first = multiReport(defaultGroup(), range);
    const second = multiReport(defaultGroup(), range);
    const otherSeed = multiReport(defaultGroup(), range, 7);

    expect(second).toEqual(first);
    expect(otherSeed).not.toEqual(first);
  });

  it('adds up: April is the sum of April 1-15 and April 16-30', () => {
    for (const company of [...defaultGroup(), largeCompany(9)]) {
      const april = companyReport(company, utcMonth(2026, 4));
      const firstHalf = companyReport(company, { startDate: '2026-04-01T00:00:00.000Z', endDate: '2026-04-15T23:59:59.999Z' });
      const secondHalf = companyReport(company, { startDate: '2026-04-16T00:00:00.000Z', endDate: '2026-04-30T23:59:59.999Z' });

      expect(addUp(additive(firstHalf), additive(secondHalf))).toEqual(additive(april));
      expect(april.conversaciones).toBeGreaterThan(0);
    }
  });

  it('adds up for local-time months too (hourly buckets): March + April = their union', () => {
    const [company] = defaultGroup() as [SimCompany];
    const march = companyReport(company, localMonth(2026, 3));
    const april = companyReport(company, localMonth(2026, 4));

    const both = companyReport(company, { startDate: localMonth(2026, 3).startDate, endDate: localMonth(2026, 4).endDate });

    expect(addUp(additive(march), additive(april))).toEqual(additive(both));
  });

  it('keeps every relation the mailer checks, over months and companies', () => {
    const companies = [...defaultGroup(), ...generateGroup(12).slice(4), largeCompany(99)];
    const months = [
      utcMonth(2025, 11),
      utcMonth(2025, 12),
      localMonth(2026, 1),
      localMonth(2026, 2),
      localMonth(2026, 3),
      localMonth(2026, 4),
      { startDate: '2026-04-07T13:00:00.000Z', endDate: '2026-04-07T14:59:59.999Z' },
    ];

    const problems = months.flatMap((range) =>
      companies.flatMap((company) =>
        consistencyProblems(companyReport(company, range)).map((problem) => `${company.nombre} ${range.startDate}: ${problem}`),
      ),
    );

    expect(problems).toEqual([]);
  });

  it('has a consistency check that does catch a broken report', () => {
    const report = companyReport(defaultGroup()[0] as SimCompany, utcMonth(2026, 4));
    const broken = { ...report, salesCount: report.salesCount + 1, averageTemperature: 10.25 };

    expect(consistencyProblems(report)).toEqual([]);
    expect(consistencyProblems(broken)).toEqual(
      expect.arrayContaining([expect.stringContaining('sales ad + organic'), expect.stringContaining('averageTemperature')]),
    );
  });

  it('answers zeros, rates 0 and no tags for a range that holds no hour', () => {
    const report = companyReport(defaultGroup()[0] as SimCompany, {
      startDate: '2026-04-07T13:15:00.000Z',
      endDate: '2026-04-07T13:45:00.000Z',
    });

    expect(report).toMatchObject({
      conversaciones: 0,
      salesCount: 0,
      quotationsCount: 0,
      salesConversionRate: 0,
      qoutationToSalesConversionRate: 0,
    });
    expect(report.tags).toEqual([]);
    expect(consistencyProblems(report)).toEqual([]);
  });

  it('varies from month to month within plausible bounds, with a mild upward trend', () => {
    const group = generateGroup(20);
    const conversations = (year: number, month: number) =>
      sum(multiReport(group, utcMonth(year, month)).data.map((report) => report.conversaciones));

    const monthly = [1, 2, 3, 4, 5, 6].map((month) => conversations(2026, month));
    const lastYear = sum([7, 8, 9, 10, 11, 12].map((month) => conversations(2025, month)));
    const nextYear = sum([7, 8, 9, 10, 11, 12].map((month) => conversations(2026, month)));

    expect(new Set(monthly).size).toBe(monthly.length);
    monthly.slice(1).forEach((value, index) => {
      expect(value / (monthly[index] as number)).toBeGreaterThan(0.6);
      expect(value / (monthly[index] as number)).toBeLessThan(1.6);
    });
    expect(nextYear / lastYear).toBeGreaterThan(1.02);
    expect(nextYear / lastYear).toBeLessThan(1.3);
  });

  it('lists ads only with an ad account, and shows ads that spend without selling', () => {
    const reports = multiReport(defaultGroup(), localMonth(2026, 4)).data;
    const withoutAccount = reports.filter((report) => report.data.feature_flags.ad_account_for_report === undefined);
    const withThreeAds = reports.filter((report) => (report.adsBreakdown?.length ?? 0) >= 3);

    expect(withoutAccount.length).toBeGreaterThan(0);
    for (const report of withoutAccount) expect('adsBreakdown' in report).toBe(false);
    expect(withThreeAds.length).toBeGreaterThan(0);
    for (const report of withThreeAds) {
      expect(report.adsBreakdown?.some((ad) => ad.spend > 0 && ad.sales === 0)).toBe(true);
      expect(report.adsBreakdown?.some((ad) => ad.sales > 0)).toBe(true);
    }
  });

  it('parses with the mailer schema, field for field', () => {
    const answer = multiReport([...defaultGroup(), ...generateGroup(8).slice(4)], localMonth(2026, 4));

    const parsed = multiReportResponseSchema.parse(JSON.parse(JSON.stringify(answer)));

    expect(parsed.data).toHaveLength(answer.data.length);
    expect(parsed.data[0]?.qoutationToSalesConversionRate).toBe(answer.data[0]?.qoutationToSalesConversionRate);
  });

  it('has a default group rooted at Empresa Principal, with the cases the templates must handle', () => {
    const group = defaultGroup();
    const [root] = group;

    expect(root).toMatchObject({ id: 1, nombre: 'Empresa Principal', currency: 'HNL' });
    expect(root?.adAccount).toBeTypeOf('number');
    expect(root?.ads.length).toBeGreaterThanOrEqual(3);
    expect(root?.ads.length).toBeLessThanOrEqual(5);
    expect(group.length).toBeGreaterThanOrEqual(3);
    expect(group.length).toBeLessThanOrEqual(4);
    expect(group.some((company) => company.adAccount === undefined)).toBe(true);
    expect(group.some((company) => /[^\x20-\x7e]/.test(company.nombre))).toBe(true);
    expect(root?.tags).toEqual(expect.arrayContaining(['Interesado', 'Seguimiento', 'Cotización enviada']));
  });

  it('builds a large company with 150 agents, 80 ads and 300 tags, all present in a month', () => {
    const company = largeCompany();

    const report = companyReport(company, localMonth(2026, 4));

    expect([company.agents.length, company.ads.length, company.tags.length]).toEqual([150, 80, 300]);
    expect(new Set(company.agents).size).toBe(150);
    expect(new Set(company.tags).size).toBe(300);
    expect(new Set(company.ads.map((ad) => ad.adId)).size).toBe(80);
    expect([report.agentes.length, report.adsBreakdown?.length, report.tags.length]).toEqual([150, 80, 300]);
  });

  it('generates a 50-company group with unique ids and names, root first', () => {
    const group = generateGroup(50);

    expect(group).toHaveLength(50);
    expect(group[0]?.id).toBe(1);
    expect(new Set(group.map((company) => company.id)).size).toBe(50);
    expect(new Set(group.map((company) => company.nombre)).size).toBe(50);
    expect(group.filter((company) => company.adAccount === undefined).length).toBeGreaterThan(0);
    expect(generateGroup(50)).toEqual(group);
  });
});
