// The group figures the preview, the sample emails and the bench compare a company with. The demo group
// has 4 companies, under the 5 a comparison needs, so the peers are the demo group plus simulated
// companies of other sizes (their own ids, so the simulator gives each its own numbers).
import { companyReportSchema } from '../../functions/iobot/report-schema.ts';
import { groupBenchmarks, peerFigures, type GroupBenchmarks } from '../../functions/report/figures/peer-standing.ts';
import type { ReportPeriod } from '../../functions/shared/report-period.ts';
import { companyReport } from './company-report.ts';
import { defaultGroup } from './groups.ts';

export const PEER_SIZES = [0.4, 0.7, 1.3, 2] as const;

export const peerBenchmarks = (period: ReportPeriod, exchangeRates: Readonly<Record<string, number>>): GroupBenchmarks => {
  const companies = defaultGroup().flatMap((company) => [
    company,
    ...PEER_SIZES.map((size, index) => ({ ...company, id: company.id * 100 + index, size: company.size * size })),
  ]);
  return groupBenchmarks(companies.map((company) => peerFigures(companyReportSchema.parse(companyReport(company, period)), exchangeRates)));
};
