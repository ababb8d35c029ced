import type { SimCompany } from './sim-company.ts';

// Aggregation. Everything is an integer (amounts in whole units, spend in cents) so that sums are
// exact and April equals the sum of its halves to the last digit.

export const AD = 0;
export const ORGANIC = 1;
export const PDF = 0;
export const MESSAGE = 1;

export interface AgentTotals {
  conversations: number;
  tickets: [number, number, number, number];
  sales: number;
  salesAmount: number;
  quotations: number;
  quotationsAmount: number;
}

export interface AdTotals {
  spendCents: number;
  sales: number;
  salesAmount: number;
  quotations: number;
  quotationsAmount: number;
}

export interface Totals {
  conversations: number;
  temperatureTenths: number;
  agentTemperatureTenths: number;
  /** [AD | ORGANIC] */
  salesCount: number[];
  salesAmount: number[];
  /** [origin * 2 + source], origin AD | ORGANIC, source PDF | MESSAGE */
  quotationsCount: number[];
  quotationsAmount: number[];
  agents: AgentTotals[];
  tags: number[];
  ads: AdTotals[];
}

export const NO_ACTIVITY: AgentTotals = {
  conversations: 0,
  tickets: [0, 0, 0, 0],
  sales: 0,
  salesAmount: 0,
  quotations: 0,
  quotationsAmount: 0,
};
export const NO_AD_ACTIVITY: AdTotals = { spendCents: 0, sales: 0, salesAmount: 0, quotations: 0, quotationsAmount: 0 };

export const emptyTotals = (company: SimCompany): Totals => ({
  conversations: 0,
  temperatureTenths: 0,
  agentTemperatureTenths: 0,
  salesCount: [0, 0],
  salesAmount: [0, 0],
  quotationsCount: [0, 0, 0, 0],
  quotationsAmount: [0, 0, 0, 0],
  agents: company.agents.map(() => ({ ...NO_ACTIVITY, tickets: [0, 0, 0, 0] })),
  tags: company.tags.map(() => 0),
  ads: company.ads.map(() => ({ ...NO_AD_ACTIVITY })),
});

export const at = (values: number[], index: number): number => values[index] ?? 0;
