// The KPI cards: each value with its change against last month (relative for counts and amounts,
// percentage points for rates, points for temperatures).
import type { CompanyContext } from '../company/company-context.ts';
import { compare, describeDelta, type DeltaKind, type DeltaView, type PointsUnit } from '../figures/deltas.ts';
import { fill, plural, ratio } from '../format/format.ts';
import { definedRate } from '../figures/rates.ts';

export interface KpiView {
  label: string;
  value: string;
  delta: DeltaView | null;
  /** Against the same month last year, when IOBot had it (the view's `yearLabel` names that month). */
  yearDelta: DeltaView | null;
  /** Actual against the configured monthly target: "Meta: L 100,000.00 (95 % alcanzado)"; empty without one. */
  targets: string[];
  detail: { value: string; delta: DeltaView | null } | null;
}

export const buildKpis = (ctx: CompanyContext): KpiView[] => {
  const { report: r, t, format, currency } = ctx;
  const p = ctx.comparison === 'available' ? ctx.previous : null;
  const against =
    (base: typeof p) =>
    (
      current: number | null,
      previous: (report: typeof r) => number | null,
      kind: DeltaKind,
      unit: PointsUnit = 'points',
    ): DeltaView | null =>
      base ? describeDelta(compare(current, previous(base), kind), kind, format, t.delta, unit) : null;
  const delta = against(p);
  const yearly = against(ctx.lastYear);

  const count = (label: string, value: number, before: (x: typeof r) => number): KpiView => ({
    label,
    value: format.integer(value),
    delta: delta(value, before, 'relative'),
    yearDelta: yearly(value, before, 'relative'),
    targets: [],
    detail: null,
  });
  const withAmount = (kpi: KpiView, amount: number, before: (x: typeof r) => number): KpiView => ({
    ...kpi,
    detail: { value: format.money(amount, currency), delta: delta(amount, before, 'relative') },
  });
  const rate = (
    label: string,
    value: (x: typeof r) => number,
    denominator: (x: typeof r) => number,
    render: (value: number | null) => string,
    unit: PointsUnit = 'points',
  ): KpiView => {
    const current = definedRate(value(r), denominator(r));
    const before = (x: typeof r) => definedRate(value(x), denominator(x));
    return {
      label,
      value: render(current),
      delta: delta(current, before, 'points', unit),
      yearDelta: yearly(current, before, 'points', unit),
      targets: [],
      detail: null,
    };
  };
  // The average sale is a ratio of amounts: it changes relatively, like the amounts it comes from.
  const averageSale = (x: typeof r) => ratio(x.salesAmount, x.salesCount);
  const average: KpiView = {
    label: t.kpi.averageSale,
    value: format.money(averageSale(r), currency),
    delta: delta(averageSale(r), averageSale, 'relative'),
    yearDelta: yearly(averageSale(r), averageSale, 'relative'),
    targets: [],
    detail: null,
  };
  const percent = (value: number | null) => format.percentValue(value);
  const temperature = (value: number | null) => format.decimal(value, 1);

  // Money leads: the amount sold is the card's big number, the count and its change sit under it.
  const revenue: KpiView = {
    label: t.kpi.sales,
    value: format.money(r.salesAmount, currency),
    delta: delta(r.salesAmount, (x) => x.salesAmount, 'relative'),
    yearDelta: yearly(r.salesAmount, (x) => x.salesAmount, 'relative'),
    detail: {
      value: plural(t.counts.sales, r.salesCount, ctx.language, { count: format.integer(r.salesCount) }),
      delta: delta(r.salesCount, (x) => x.salesCount, 'relative'),
    },
    targets: [
      ...(ctx.targets.salesAmount
        ? [
            fill(t.kpi.target, {
              target: format.money(ctx.targets.salesAmount, currency),
              share: format.share(r.salesAmount / ctx.targets.salesAmount),
            }),
          ]
        : []),
      ...(ctx.targets.salesCount
        ? [
            fill(t.kpi.target, {
              target: plural(t.counts.sales, ctx.targets.salesCount, ctx.language, { count: format.integer(ctx.targets.salesCount) }),
              share: format.share(r.salesCount / ctx.targets.salesCount),
            }),
          ]
        : []),
    ],
  };

  return [
    revenue,
    average,
    withAmount(
      count(t.kpi.quotations, r.quotationsCount, (x) => x.quotationsCount),
      r.quotationsAmount,
      (x) => x.quotationsAmount,
    ),
    count(t.kpi.conversations, r.conversaciones, (x) => x.conversaciones),
    rate(
      t.kpi.salesRate,
      (x) => x.salesConversionRate,
      (x) => x.conversaciones,
      percent,
    ),
    rate(
      t.kpi.quotationRate,
      (x) => x.qoutationConversionRate,
      (x) => x.conversaciones,
      percent,
    ),
    rate(
      t.kpi.quotationToSalesRate,
      (x) => x.qoutationToSalesConversionRate,
      (x) => x.quotationsCount,
      percent,
    ),
    rate(
      t.kpi.temperature,
      (x) => x.averageTemperature,
      (x) => x.conversaciones,
      temperature,
      'temperature',
    ),
    rate(
      t.kpi.agentTemperature,
      (x) => x.averageAgentTemperature,
      (x) => x.conversaciones,
      temperature,
      'temperature',
    ),
  ];
};

export const pairs = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / 2) }, (_, index) => items.slice(index * 2, index * 2 + 2));
