/**
 * Seeded synthetic data behind the local IOBot simulator (dev and tests only).
 *
 * Bucket: one UTC hour. Every hour of every company is generated from a PRNG seeded with
 * (seed, company id, hour), so nothing is stored and a range is the sum of the hours whose start
 * instant lies in [startDate, endDate]. Hours rather than days because report periods are local
 * months (Tegucigalpa's April is 2026-04-01T06:00Z .. 2026-05-01T05:59:59.999Z): with hourly buckets
 * consecutive local months still partition the data exactly, so months add up like the real thing.
 *
 * Data is generated as individual conversations (agent, tags, ad or organic, quotation, sale) and
 * only then aggregated, so every relation the report has (ads + organic = total, agents sum to the
 * company, PDF + message = quotations) holds by construction instead of being patched afterwards.
 */
import { BUCKET_MS, buildMonth, buildModel, LOCAL_OFFSET_HOURS, type MonthModel } from './company-model.ts';
import { emptyTotals } from './conversation-totals.ts';
import { DEFAULT_SEED } from './seeded-random.ts';
import type { SimCompany, SimRange } from './sim-company.ts';
import { simulateHour } from './simulate-hour.ts';
import type { SimCompanyReport, SimMultiReport } from './vendor-answer.ts';
import { toReport } from './vendor-report.ts';

const toMs = (value: string | Date, field: string): number => {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`${field} is not a valid date: ${String(value)}`);
  return ms;
};

/** One company's report for the hours whose start instant lies in [startDate, endDate]. */
export const companyReport = (company: SimCompany, range: SimRange, seed: number = DEFAULT_SEED): SimCompanyReport => {
  const start = toMs(range.startDate, 'startDate');
  const end = toMs(range.endDate, 'endDate');
  const model = buildModel(company, seed);
  const months = new Map<number, MonthModel>();
  const totals = emptyTotals(company);
  for (let hour = Math.ceil(start / BUCKET_MS); hour * BUCKET_MS <= end; hour += 1) {
    // Months are local months, matching the periods the reports are asked for.
    const local = new Date((hour + LOCAL_OFFSET_HOURS) * BUCKET_MS);
    const monthIndex = local.getUTCFullYear() * 12 + local.getUTCMonth();
    let month = months.get(monthIndex);
    if (!month) {
      month = buildMonth(model, seed, monthIndex);
      months.set(monthIndex, month);
    }
    simulateHour(model, month, hour, seed, totals);
  }
  return toReport(company, totals);
};

/** The whole answer of `POST /empresas/data-report/multi` for these companies, in their order. */
export const multiReport = (companies: readonly SimCompany[], range: SimRange, seed: number = DEFAULT_SEED): SimMultiReport => ({
  data: companies.map((company) => companyReport(company, range, seed)),
});
