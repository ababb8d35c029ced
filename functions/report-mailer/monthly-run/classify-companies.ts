/**
 * Sorts IOBot's answer against the group's config before anything is rendered: which companies are
 * ready to mail, and which are settled already (malformed, missing, not configured, held by the data
 * checks). Pure: no I/O.
 */
import type { CompanyRecipients } from '../../config/config-schema.ts';
import { checkReport } from '../../iobot/data-checks.ts';
import type { MultiReportResult } from '../../iobot/iobot-client.ts';
import type { CompanyReport } from '../../iobot/report-schema.ts';
import type { RunPlan } from '../run-plan.ts';
import type { EmailOutcome } from '../run-summary.ts';

export type CompanyEntry =
  | { kind: 'settled'; outcome: EmailOutcome }
  /** `problems`: data-check findings of a company the group sends anyway (`sendOnFailedChecks`). */
  | { kind: 'ready'; company: CompanyRecipients; report: CompanyReport; problems: string[] };

export interface Classification {
  /** Malformed entries, then companies without recipients, then the configured ones in config order. */
  entries: CompanyEntry[];
  /** Valid reports by company id. */
  reports: Map<number, CompanyReport>;
  /** Companies whose numbers failed the checks: not fit to mail, to the company or in the group summary. */
  held: Set<number>;
}

const NO_RECIPIENTS = 'no recipients configured for this company in the report group';

const settled = (outcome: EmailOutcome): CompanyEntry => ({ kind: 'settled', outcome });

export const classifyCompanies = (plan: RunPlan, current: Pick<MultiReportResult, 'companies' | 'invalid'>): Classification => {
  const { group } = plan;
  const configured = group.companies.filter((company) => !plan.companies || plan.companies.includes(company.id));
  const isConfigured = (id: number | undefined) => group.companies.some((company) => company.id === id);
  const entries: CompanyEntry[] = [];

  // Entries IOBot sent that did not validate: that company fails (unless nobody gets it), the others go on.
  for (const entry of current.invalid) {
    const configuredEntry = entry.id === undefined || isConfigured(entry.id);
    entries.push(
      settled({
        companyId: entry.id ?? -1,
        ...(entry.nombre ? { name: entry.nombre } : {}),
        status: configuredEntry ? 'failed' : 'skipped',
        reason: configuredEntry ? entry.error : `${NO_RECIPIENTS} (and its data is malformed: ${entry.error})`,
      }),
    );
  }
  const invalidIds = new Set(current.invalid.map((entry) => entry.id));
  const reports = new Map(current.companies.map((report) => [report.data.id, report]));

  for (const report of current.companies) {
    if (!isConfigured(report.data.id)) {
      entries.push(settled({ companyId: report.data.id, name: report.data.nombre, status: 'skipped', reason: NO_RECIPIENTS }));
    }
  }

  const held = new Set<number>();
  for (const company of configured) {
    if (invalidIds.has(company.id)) continue;
    const report = reports.get(company.id);
    if (!report) {
      entries.push(
        settled({
          companyId: company.id,
          ...(company.label ? { name: company.label } : {}),
          status: 'failed',
          reason: `IOBot's answer has no data for company ${company.id}: is it still in the shared report group of business ${group.businessId}?`,
        }),
      );
      continue;
    }
    const problems = checkReport(report);
    if (problems.length > 0 && !group.sendOnFailedChecks) {
      held.add(company.id);
      entries.push(
        settled({
          companyId: company.id,
          name: report.data.nombre,
          status: 'held',
          reason: 'the numbers failed the consistency checks; not sent',
          problems,
        }),
      );
      continue;
    }
    entries.push({ kind: 'ready', company, report, problems });
  }
  return { entries, reports, held };
};
