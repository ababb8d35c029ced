import { describe, expect, it } from 'vitest';
import { groupBenchmarks, MIN_PEERS, peerFigures, standings, type PeerFigures } from '../../../functions/report/figures/peer-standing.ts';
import { seedReport, withReport } from '../../fixtures/reports.ts';

const peer = (id: number, values: Partial<PeerFigures['values']>, currency: string | null = 'HNL'): PeerFigures => ({
  id,
  currency,
  values: { salesRate: null, quotationRate: null, averageSale: null, costPerAdSale: null, roas: null, ...values },
});

describe('peerFigures', () => {
  it("reads the key rates on the email's own bases (vendor example, 24.7 HNL per USD)", () => {
    // 7.04 %; 20.74 %; L 95,000 / 38 = L 2,500; L 8,645 / 12 detailed sales = L 720.42; L 30,000 / L 8,645 = 3.47.
    const figures = peerFigures(seedReport(), { 'USD:HNL': 24.7 });
    expect(figures.values.salesRate).toBe(7.04);
    expect(figures.values.quotationRate).toBe(20.74);
    expect(figures.values.averageSale).toBe(2500);
    expect(figures.values.costPerAdSale).toBeCloseTo(720.4167, 3);
    expect(figures.values.roas).toBeCloseTo(3.4702, 3);
    // Without a rate the cost is in USD, not comparable with the group's HNL: left out.
    expect(peerFigures(seedReport(), {}).values.costPerAdSale).toBeNull();
    expect(peerFigures(withReport(seedReport(), { conversaciones: 0 }), {}).values.salesRate).toBeNull();
  });
});

describe('standings', () => {
  const group = [1, 2, 3, 4, 5].map((id) => peer(id, { salesRate: id * 2, averageSale: id * 100 }));

  it('places the company against the median of the companies with data, in five plain positions', () => {
    const benchmarks = groupBenchmarks(group);
    // Rates 2, 4, 6, 8, 10: median 6.
    const at = (value: number) => standings(peer(9, { salesRate: value }), benchmarks)[0];
    expect(at(10)).toMatchObject({ metric: 'salesRate', median: 6, position: 'top', companies: 5 });
    expect(at(8)?.position).toBe('above');
    expect(at(6)?.position).toBe('middle');
    expect(at(4)?.position).toBe('below');
    expect(at(2)?.position).toBe('bottom');
  });

  it('shows nothing for a group of fewer than 5 companies with data', () => {
    expect(MIN_PEERS).toBe(5);
    const four = groupBenchmarks(group.slice(0, 4));
    expect(standings(peer(1, { salesRate: 2 }), four)).toEqual([]);
    // Five companies, but only four with a ROAS: no ROAS comparison.
    const roas = groupBenchmarks([...group.slice(0, 4).map((entry) => ({ ...entry, values: { ...entry.values, roas: 2 } })), group[4]!]);
    expect(standings(peer(1, { roas: 2 }), roas)).toEqual([]);
  });

  it('compares amounts only among companies in the same currency', () => {
    const mixed = groupBenchmarks([...group.slice(0, 4), peer(5, { averageSale: 500 }, 'GTQ')]);
    expect(standings(peer(1, { averageSale: 100 }), mixed)).toEqual([]);
    expect(standings(peer(1, { averageSale: 100 }), groupBenchmarks(group))[0]).toMatchObject({ metric: 'averageSale', median: 300 });
  });
});
