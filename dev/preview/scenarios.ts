import { readFileSync } from 'node:fs';
import { runtimeConfigSchema } from '../../functions/config/config-schema.ts';
import { companyReportSchema, multiReportResponseSchema, type CompanyReport } from '../../functions/iobot/report-schema.ts';
import { DEFAULT_HISTORY_MONTHS } from '../../functions/report-mailer/environment.ts';
import { monthBefore, monthPeriod, monthsBefore, type ReportPeriod } from '../../functions/shared/report-period.ts';
import { emptyReport } from '../../test/fixtures/reports.ts';
import { demoConfig } from '../demo-config.ts';
import { companyReport } from '../synthetic/company-report.ts';
import { defaultGroup, largeCompany } from '../synthetic/groups.ts';
import type { SimCompany } from '../synthetic/sim-company.ts';
import { peerBenchmarks } from '../synthetic/peer-group.ts';
import { hostileReport } from './hostile-report.ts';
import { operatorReportSample } from './operator-sample.ts';
import type { GroupSettings, RenderRequest } from './render.ts';

export interface ScenarioEntry {
  id: string;
  label: string;
  section: string;
}

/** What every scenario is rendered with: `npm start`'s demo group, through the runtime config schema. */
const demo = runtimeConfigSchema.parse(demoConfig()('http://localhost'));
const demoGroup = demo.groups[0]!;
// The whole group, not picked fields: whatever group settings the render reads, the config has.
const group: GroupSettings = demoGroup;
export const PREVIEW_SETTINGS = {
  group,
  groupName: demoGroup.name,
  // What the directors read: the config's displayName, as deliver-group-summary.ts picks it.
  displayName: demoGroup.displayName ?? demoGroup.name,
  maxTableRows: demo.maxTableRows,
  // The Lambda's HISTORY_MONTHS default (functions/report-mailer/environment.ts).
  historyMonths: DEFAULT_HISTORY_MONTHS,
};
// The vendor's example and the edge cases are April 2026, the month the example was taken from.
const EXAMPLE_MONTH = '2026-04';

const exampleReport = (): CompanyReport => {
  const file = new URL('../../test/fixtures/example-response.json', import.meta.url);
  return multiReportResponseSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).data[0]!;
};

const simulated = (company: SimCompany, period: ReportPeriod): CompanyReport => companyReportSchema.parse(companyReport(company, period));
const simulatedHistory = (company: SimCompany, period: ReportPeriod): CompanyReport[] =>
  monthsBefore(period, PREVIEW_SETTINGS.historyMonths).map((before) => simulated(company, before));

// Only the words change: a group keeps its number and date formats whichever language it reads.
// `language` comes from the build's locale files, which the Language type was generated from.
const groupIn = (language?: string): GroupSettings => ({ ...PREVIEW_SETTINGS.group, ...(language ? { language } : {}) }) as GroupSettings;

export const companyRequest = (
  report: CompanyReport,
  history: (CompanyReport | undefined)[],
  period: ReportPeriod,
  language?: string,
  lastYear?: CompanyReport,
): RenderRequest => {
  const group = groupIn(language);
  const benchmarks = peerBenchmarks(period, group.exchangeRates);
  return {
    kind: 'company',
    input: { report, history, lastYear, benchmarks, period, group, maxTableRows: PREVIEW_SETTINGS.maxTableRows },
  };
};

/** The same month a year before, as the run fetches it for the year-over-year comparison. */
const simulatedLastYear = (company: SimCompany, period: ReportPeriod): CompanyReport => simulated(company, monthBefore(period, 12));

/** The simulator's group, or `size` companies made of its companies under new ids and names (a large group). */
const summaryCompanies = (period: ReportPeriod, size?: number) => {
  const base = defaultGroup().map((company) => ({
    report: simulated(company, period),
    previous: simulated(company, monthBefore(period)),
  }));
  if (size === undefined) return base;
  return Array.from({ length: size }, (_, index) => {
    const { report, previous } = base[index % base.length]!;
    const data = { ...report.data, id: 1000 + index, nombre: `${report.data.nombre} · sucursal ${index + 1}` };
    return { report: { ...report, data }, previous: { ...previous, data } };
  });
};

const groupSummaryRequest = (period: ReportPeriod, language?: string, size?: number, partial = false): RenderRequest => {
  const group = groupIn(language);
  const companies = summaryCompanies(period, size);
  // Sent anyway ("sendIncompleteSummary": true) with two companies missing, as the run words them.
  const missing = partial
    ? [
        { name: 'Aquatec Guatemala', status: 'held', reason: 'the numbers failed the consistency checks; not sent' },
        {
          name: 'Aquatec Nicaragua',
          status: 'failed',
          reason:
            'IOBot could not give page 1 (companies 1–8 of the run, ids 1…8): IOBot answered 503. IOBot said: Service Unavailable (after 3 attempts)',
        },
      ]
    : undefined;
  const shown = partial
    ? companies.filter(({ report }) => !['Aquatec Guatemala', 'Aquatec Nicaragua'].includes(report.data.nombre))
    : companies;
  return {
    kind: 'group-summary',
    input: { groupName: PREVIEW_SETTINGS.displayName, companies: shown, period, group, ...(missing ? { missing } : {}) },
  };
};

const operatorRequest = (period: ReportPeriod, kind: 'run' | 'watchdog', language?: string): RenderRequest => ({
  kind: 'operator',
  input: operatorReportSample({ ...groupIn(language), name: PREVIEW_SETTINGS.groupName }, period, kind),
});

/**
 * The scenario list for the side bar. Simulator scenarios follow the chosen month; `languages` are
 * the ones the latest build has locale files for.
 */
export const scenarioList = (languages: readonly string[]): ScenarioEntry[] => [
  { id: 'example', label: "Vendor's example", section: 'IOBot' },
  ...defaultGroup().map((company) => ({ id: `company-${company.id}`, label: company.nombre, section: 'Simulator (month)' })),
  { id: 'group-summary', label: 'Group summary', section: 'Simulator (month)' },
  { id: 'group-summary-partial', label: 'Group summary sent with companies missing', section: 'Simulator (month)' },
  { id: 'group-summary-large', label: 'Group summary of 500 companies (size bound)', section: 'Edge cases' },
  { id: 'empty', label: 'Empty month', section: 'Edge cases' },
  { id: 'large', label: 'Large company (150 agents, 80 ads, 300 tags)', section: 'Edge cases' },
  { id: 'hostile', label: 'Hostile strings', section: 'Edge cases' },
  { id: 'operator-run', label: 'Run report (every outcome, unsubscribes)', section: 'Operator report' },
  { id: 'operator-watchdog', label: 'Missed-month check', section: 'Operator report' },
  ...languages.flatMap((language) => [
    { id: `language-${language}`, label: `Company in ${language}`, section: 'Languages' },
    { id: `group-summary-${language}`, label: `Group summary in ${language}`, section: 'Languages' },
    { id: `operator-run-${language}`, label: `Operator report in ${language}`, section: 'Languages' },
  ]),
];

/** The render request of scenario `id`; `month` ("2026-04") applies to the simulator's scenarios. */
export const scenarioRequest = (id: string, month: string): RenderRequest => {
  const period = monthPeriod(month, PREVIEW_SETTINGS.group.timeZone);
  const example = monthPeriod(EXAMPLE_MONTH, PREVIEW_SETTINGS.group.timeZone);
  const company = /^company-(\d+)$/.exec(id);
  if (company) {
    const definition = defaultGroup().find((candidate) => candidate.id === Number(company[1]));
    if (definition) {
      return companyRequest(
        simulated(definition, period),
        simulatedHistory(definition, period),
        period,
        undefined,
        simulatedLastYear(definition, period),
      );
    }
  }
  // Before the language ids, which share the "group-summary-" prefix.
  if (id === 'group-summary-partial') return groupSummaryRequest(period, undefined, undefined, true);
  if (id === 'group-summary-large') return groupSummaryRequest(period, undefined, 500);
  const language = /^(language|group-summary|operator-run)-(\w+)$/.exec(id);
  if (language?.[1] === 'language') {
    const typical = defaultGroup()[0]!;
    return companyRequest(
      simulated(typical, period),
      simulatedHistory(typical, period),
      period,
      language[2],
      simulatedLastYear(typical, period),
    );
  }
  if (language?.[1] === 'group-summary') return groupSummaryRequest(period, language[2]);
  if (language?.[1] === 'operator-run') return operatorRequest(period, 'run', language[2]);
  switch (id) {
    case 'example':
      return companyRequest(exampleReport(), [], example);
    case 'group-summary':
      return groupSummaryRequest(period);
    case 'operator-run':
      return operatorRequest(period, 'run');
    case 'operator-watchdog':
      return operatorRequest(period, 'watchdog');
    case 'empty':
      return companyRequest(emptyReport(), [], example);
    case 'large': {
      const large = largeCompany();
      return companyRequest(
        simulated(large, example),
        simulatedHistory(large, example),
        example,
        undefined,
        simulatedLastYear(large, example),
      );
    }
    case 'hostile':
      return companyRequest(companyReportSchema.parse(hostileReport(exampleReport())), [], example);
  }
  throw new RangeError(`unknown scenario ${JSON.stringify(id)}`);
};
