/** The group summary email for the directors: one row per company that was fit to mail. */
import type { DeliveryDeps } from '../delivery/deliver-email.ts';
import type { MultiReportResult } from '../iobot/iobot-client.ts';
import type { CompanyReport } from '../iobot/report-schema.ts';
import { renderGroupSummaryEmail } from '../report/group-summary.ts';
import type { Classification } from './classify-companies.ts';
import { isOutcome, renderEmail, sendReportEmail } from './report-email.ts';
import type { RunPlan } from './run-plan.ts';
import type { EmailOutcome } from './run-summary.ts';

/** Undefined when this run sends no summary: none configured, switched off, or a subset of companies. */
export const deliverGroupSummary = async (
  plan: RunPlan,
  deps: DeliveryDeps,
  { reports, held }: Pick<Classification, 'reports' | 'held'>,
  previous: MultiReportResult | undefined,
): Promise<EmailOutcome | undefined> => {
  const { group, period } = plan;
  // A run for a subset of companies would mail a partial summary: only full runs send it.
  if (!plan.summary || !group.summaryRecipients || plan.companies) return undefined;
  const included = group.companies
    .filter((company) => !held.has(company.id))
    .map((company) => reports.get(company.id))
    .filter((report): report is CompanyReport => report !== undefined);

  const target = { id: 'summary' as const, name: group.name, recipients: group.summaryRecipients };
  const email = renderEmail(plan, target, () =>
    renderGroupSummaryEmail({
      groupName: group.name,
      companies: included.map((report) => {
        const before = previous?.companies.find((company) => company.data.id === report.data.id);
        return before ? { report, previous: before } : { report };
      }),
      period,
      group,
    }),
  );
  const outcome = isOutcome(email) ? email : await sendReportEmail(plan, deps, target, email);
  deps.logger.info(`Group summary ${outcome.status}`, { outcome });
  return outcome;
};
