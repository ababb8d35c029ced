// "Frente a su grupo": for each key rate, this company's value, the group's median and its place in
// plain words. Only the median is shown: never another company's name or number.
import type { CompanyContext } from '../company/company-context.ts';
import { roasAmount, roasHeader } from '../format/roas-words.ts';
import type { PeerMetric } from '../figures/peer-standing.ts';

export interface StandingRowView {
  label: string;
  value: string;
  median: string;
  /** "por encima de la mitad de las empresas del grupo" */
  position: string;
}

export interface StandingView {
  rows: StandingRowView[];
  note: string;
}

export const buildStanding = (ctx: CompanyContext): StandingView | null => {
  const { t, format, currency } = ctx;
  if (ctx.standings.length === 0) return null;
  const labels: Record<PeerMetric, string> = {
    salesRate: t.kpi.salesRate,
    quotationRate: t.kpi.quotationRate,
    averageSale: t.kpi.averageSale,
    costPerAdSale: t.standing.costPerAdSale,
    roas: roasHeader(format, t, currency),
  };
  const render = (metric: PeerMetric, value: number): string => {
    switch (metric) {
      case 'salesRate':
      case 'quotationRate':
        return format.percentValue(value);
      case 'averageSale':
      case 'costPerAdSale':
        return format.money(value, currency);
      case 'roas':
        return roasAmount(format, currency, value);
    }
  };
  return {
    rows: ctx.standings.map((standing) => ({
      label: labels[standing.metric],
      value: render(standing.metric, standing.value),
      median: render(standing.metric, standing.median),
      position: t.standing.positions[standing.position],
    })),
    note: t.standing.note,
  };
};
