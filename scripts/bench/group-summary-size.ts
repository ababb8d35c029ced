/**
 * The group summary's size at scale: the HTML must stay under 90 KB (Gmail clips at about 102 KB) at any
 * group size, while the CSV attachment carries every company. Companies are the simulator's group under
 * new ids and names, each with its previous month, so every row shows changes (the largest rows there are).
 *
 *   npx tsx scripts/bench/group-summary-size.ts        (scripts/bench.ts prints the same lines)
 */
import { fileURLToPath } from 'node:url';
import { companyReport } from '../../dev/synthetic/company-report.ts';
import { defaultGroup } from '../../dev/synthetic/groups.ts';
import { companyReportSchema } from '../../functions/iobot/report-schema.ts';
import { renderGroupSummaryEmail, summaryFigures, type GroupSummaryInput } from '../../functions/report/group-summary.ts';
import { monthBefore, monthPeriod } from '../../functions/shared/report-period.ts';

const PERIOD = monthPeriod('2026-04', 'America/Tegucigalpa');
const GROUP = { locale: 'es-HN', language: 'es' as const, exchangeRates: { 'USD:HNL': 24.7 }, timeZone: PERIOD.timeZone };

const companiesOf = (size: number): GroupSummaryInput['companies'] => {
  const base = defaultGroup().map((company) => ({
    report: summaryFigures(companyReportSchema.parse(companyReport(company, PERIOD))),
    previous: summaryFigures(companyReportSchema.parse(companyReport(company, monthBefore(PERIOD)))),
  }));
  return Array.from({ length: size }, (_, index) => {
    const { report, previous } = base[index % base.length]!;
    const data = { ...report.data, id: 1000 + index, nombre: `${report.data.nombre} · sucursal ${index + 1}` };
    return { report: { ...report, data }, previous: { ...previous, data } };
  });
};

export interface SummarySize {
  companies: number;
  htmlBytes: number;
  textBytes: number;
  csvBytes: number;
  ms: number;
}

export const groupSummarySizes = (sizes: readonly number[] = [8, 500, 5_000]): SummarySize[] =>
  sizes.map((size) => {
    const companies = companiesOf(size);
    const started = performance.now();
    const email = renderGroupSummaryEmail({ groupName: 'Aquatec', companies, period: PERIOD, group: GROUP });
    const ms = performance.now() - started;
    return {
      companies: size,
      htmlBytes: Buffer.byteLength(email.html),
      textBytes: Buffer.byteLength(email.text),
      csvBytes: email.attachments.reduce((total, attachment) => total + Buffer.byteLength(attachment.content), 0),
      ms,
    };
  });

export const describeSize = (size: SummarySize): string =>
  `group summary, ${size.companies} companies: HTML ${(size.htmlBytes / 1000).toFixed(1)} KB (${((size.htmlBytes / 90_000) * 100).toFixed(0)} % of 90 KB), ` +
  `text ${(size.textBytes / 1000).toFixed(1)} KB, CSV ${(size.csvBytes / 1000).toFixed(1)} KB, rendered in ${size.ms.toFixed(0)} ms`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const size of groupSummarySizes()) console.log(describeSize(size));
}
