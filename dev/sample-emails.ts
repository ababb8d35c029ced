import { readFileSync } from 'node:fs';
import { renderGroupSummaryEmail } from '../functions/report/group-summary.ts';
import { renderOperatorReport } from '../functions/report/operator-report.ts';
import { DEFAULT_HISTORY_MONTHS } from '../functions/report-mailer/environment.ts';
import { withOtherRecipients } from '../functions/report-mailer/monthly-run/addressing.ts';
import { monthBefore, monthPeriod, monthsBefore } from '../functions/shared/report-period.ts';
import { renderCompanyEmail, type RenderedEmail } from '../functions/report/company/render-company-email.ts';
import { companyReportSchema, multiReportResponseSchema, type CompanyReport } from '../functions/iobot/report-schema.ts';
import { emptyReport } from '../test/fixtures/reports.ts';
import { companyReport } from './synthetic/company-report.ts';
import { defaultGroup, largeCompany } from './synthetic/groups.ts';
import { operatorReportSample } from './preview/operator-sample.ts';
import { peerBenchmarks } from './synthetic/peer-group.ts';

/**
 * The emails worth looking at in a browser: the vendor example, an empty month, the largest company, English, the summary
 * (complete, and sent with companies missing), and the operator run report (every outcome at once).
 */
const period = monthPeriod('2026-04', 'America/Tegucigalpa');
const group = { locale: 'es-HN', language: 'es' as const, exchangeRates: { 'USD:HNL': 24.7 }, timeZone: period.timeZone };
const history = (company: Parameters<typeof companyReport>[0]): CompanyReport[] =>
  monthsBefore(period, DEFAULT_HISTORY_MONTHS).map((before) => companyReportSchema.parse(companyReport(company, before)));

export const sampleEmails = (): { name: string; email: RenderedEmail }[] => {
  const seed = multiReportResponseSchema.parse(
    JSON.parse(readFileSync(new URL('../test/fixtures/example-response.json', import.meta.url), 'utf8')),
  ).data[0]!;
  const empty = emptyReport();
  const large = largeCompany();
  const largeReport = companyReportSchema.parse(companyReport(large, period));
  const companies = defaultGroup();
  const reports = companies.map((company) => companyReportSchema.parse(companyReport(company, period)));
  const previous = companies.map((company) => companyReportSchema.parse(companyReport(company, monthBefore(period))));
  const lastYearOf = (company: Parameters<typeof companyReport>[0]) =>
    companyReportSchema.parse(companyReport(company, monthBefore(period, 12)));
  const render = (
    report: CompanyReport,
    past: (CompanyReport | undefined)[],
    language: 'es' | 'en' = 'es',
    lastYear: CompanyReport | undefined = undefined,
  ) =>
    renderCompanyEmail({
      report,
      history: past,
      lastYear,
      benchmarks: peerBenchmarks(period, group.exchangeRates),
      period,
      group: { ...group, language },
      maxTableRows: 15,
    });
  return [
    // As a person's copy shows it: the footer names the other To and Cc people (only the link stays a placeholder).
    { name: 'seed', email: withOtherRecipients(render(seed, []), group, ['ventas@example.com', 'contabilidad@example.com']) },
    { name: 'empty', email: render(empty, []) },
    { name: 'large', email: render(largeReport, history(large), 'es', lastYearOf(large)) },
    { name: 'typical-en', email: render(reports[0]!, history(companies[0]!), 'en', lastYearOf(companies[0]!)) },
    { name: 'emoji-name', email: render(reports[1]!, history(companies[1]!)) },
    {
      name: 'group-summary',
      email: withOtherRecipients(
        renderGroupSummaryEmail({
          groupName: 'Aquatec',
          companies: reports.map((report, index) => ({ report, previous: previous[index]! })),
          period,
          group,
        }),
        group,
        ['socio@example.com'],
      ),
    },
    {
      // Sent anyway ("sendIncompleteSummary": true): two companies missing, each with its status.
      name: 'group-summary-partial',
      email: renderGroupSummaryEmail({
        groupName: 'Aquatec',
        companies: reports.slice(2).map((report, index) => ({ report, previous: previous[index + 2]! })),
        period,
        group,
        missing: [
          { name: companies[0]!.nombre, status: 'held' },
          { name: companies[1]!.nombre, status: 'failed' },
        ],
      }),
    },
    { name: 'operator-run', email: renderOperatorReport(operatorReportSample({ ...group, name: 'aquatec' }, period)) },
  ];
};
