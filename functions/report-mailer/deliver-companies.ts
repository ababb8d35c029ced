/** Each company's email, one after the other: rendered, then delivered; its outcome logged as it settles. */
import type { MultiReportResult } from '../iobot/iobot-client.ts';
import { sha256 } from '../delivery/email-archive.ts';
import { renderCompanyEmail } from '../report/render-company-email.ts';
import { TEMPLATE_VERSION } from '../report/template-version.ts';
import type { CompanyEntry } from './classify-companies.ts';
import { historyOf } from './fetch-reports.ts';
import { isOutcome, renderEmail, sendReportEmail, type ReportEmailDeps } from './report-email.ts';
import type { RunPlan } from './run-plan.ts';
import type { EmailOutcome } from './run-summary.ts';

export interface CompanyDeliveryDeps extends ReportEmailDeps {
  /** Top-N rows in the HTML tables; the CSV attachments carry every row. */
  maxTableRows: number;
}

const deliverCompany = async (
  plan: RunPlan,
  deps: CompanyDeliveryDeps,
  entry: Extract<CompanyEntry, { kind: 'ready' }>,
  history: readonly MultiReportResult[],
): Promise<EmailOutcome> => {
  const { company, report, problems } = entry;
  const target = { id: company.id, name: report.data.nombre, recipients: { to: company.to, cc: company.cc, bcc: company.bcc } };
  const companyHistory = historyOf(history, company.id);
  const email = renderEmail(plan, target, () =>
    renderCompanyEmail({ report, history: companyHistory, period: plan.period, group: plan.group, maxTableRows: deps.maxTableRows }),
  );
  // The archive manifest names the IOBot data the email was rendered from (it may change later).
  const provenance = { dataHash: sha256(JSON.stringify({ report, history: companyHistory })), templateVersion: TEMPLATE_VERSION };
  const outcome = isOutcome(email) ? email : await sendReportEmail(plan, deps, target, email, provenance);
  return problems.length > 0 ? { ...outcome, problems } : outcome;
};

export const deliverCompanies = async (
  plan: RunPlan,
  deps: CompanyDeliveryDeps,
  entries: readonly CompanyEntry[],
  history: readonly MultiReportResult[],
): Promise<EmailOutcome[]> => {
  const { logger } = deps;
  const outcomes: EmailOutcome[] = [];
  for (const entry of entries) {
    const outcome = entry.kind === 'settled' ? entry.outcome : await deliverCompany(plan, deps, entry, history);
    outcomes.push(outcome);
    const log = outcome.status === 'failed' ? logger.error : outcome.status === 'held' ? logger.warn : logger.info;
    log.call(logger, `Company ${outcome.status}`, { company: outcome.companyId, outcome });
  }
  return outcomes;
};
