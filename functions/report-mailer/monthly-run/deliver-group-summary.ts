/**
 * The group summary email for the directors: one row per company, sent only when every configured
 * company of the month is accounted for (or when an operator sends it anyway, listing who is missing).
 */
import { sha256 } from '../../delivery/email-archive.ts';
import { renderGroupSummaryEmail, type SummaryFigures } from '../../report/group-summary.ts';
import { TEMPLATE_VERSION } from '../../report/template-version.ts';
import type { SummaryInputs } from './deliver-pages.ts';
import { missingCompanies, type MissingCompany } from './month-completeness.ts';
import { isOutcome, renderEmail, sendReportEmail, type EmailTarget, type ReportEmailDeps } from './report-email.ts';
import { recipientsFor, type RunPlan } from '../run-plan.ts';
import type { EmailOutcome } from '../run-summary.ts';

const MAX_LISTED = 10;

const cut = (text: string, length: number): string => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** "3 (Norte): failed, IOBot answer for…; 4: held, the numbers…", ten at most. */
const describeMissing = (missing: readonly MissingCompany[]): string =>
  missing
    .slice(0, MAX_LISTED)
    .map((company) => `${company.companyId}${company.name ? ` (${company.name})` : ''}: ${company.status}, ${cut(company.reason, 160)}`)
    .join('; ') + (missing.length > MAX_LISTED ? `; …and ${missing.length - MAX_LISTED} more` : '');

const held = (plan: RunPlan, target: EmailTarget, reason: string): EmailOutcome => ({
  companyId: 'summary',
  name: target.name,
  status: 'held',
  recipients: recipientsFor(plan, target.recipients),
  reason,
});

/**
 * Undefined when this run sends no summary: none configured, switched off, or a subset of companies.
 * `deferred` (not `held`: nothing is wrong, no alarm) while this invocation's time budget left companies
 * for the next run, which sends it when it completes the month.
 */
export const deliverGroupSummary = async (
  plan: RunPlan,
  deps: ReportEmailDeps,
  { figures, previous }: Pick<SummaryInputs, 'figures' | 'previous'>,
  companies: readonly EmailOutcome[],
): Promise<EmailOutcome | undefined> => {
  const { group, period } = plan;
  // A run for a subset of companies would mail a partial summary: only full runs send it.
  if (!plan.summary || !group.summaryRecipients || plan.companies) return undefined;
  const pending = companies.filter((company) => company.status === 'deferred').length;
  if (pending > 0) {
    const reason = `waits for the ${pending} companies left for the next run, which sends it`;
    return { companyId: 'summary', name: group.name, status: 'deferred', reason };
  }
  const target = { id: 'summary' as const, name: group.name, recipients: group.summaryRecipients };

  const missing = missingCompanies(plan, companies);
  const missingIds = new Set(missing.map((company) => company.companyId));
  const included = group.companies
    .filter((company) => !missingIds.has(company.id))
    .map((company) => figures.get(company.id))
    .filter((report): report is SummaryFigures => report !== undefined);

  let outcome: EmailOutcome;
  if (included.length === 0) {
    outcome = held(
      plan,
      target,
      `not sent: no company of ${period.month} is accounted for, so there is nothing to summarise (${describeMissing(missing)})`,
    );
  } else if (missing.length > 0 && !plan.sendIncompleteSummary) {
    outcome = held(
      plan,
      target,
      `not sent: ${missing.length} of ${group.companies.length} companies are not accounted for (${describeMissing(missing)}); ` +
        'the re-run that completes the month sends it, or send it now listing them with "sendIncompleteSummary": true',
    );
  } else {
    const rows = included.map((report) => {
      const before = previous?.get(report.data.id);
      return before ? { report, previous: before } : { report };
    });
    const email = renderEmail(plan, target, () =>
      renderGroupSummaryEmail({
        // Directors read the group's own name, not the config slug.
        groupName: group.displayName ?? figures.get(group.businessId)?.data.nombre ?? group.name,
        companies: rows,
        period,
        group,
        // Name and status only: the reasons are the operators' (their report has them).
        missing: missing.map((company) => ({
          id: company.companyId,
          name: company.name ?? `#${company.companyId}`,
          status: company.status,
        })),
      }),
    );
    // An incomplete summary is not the month's: it has ledger items of its own, so the complete one
    // still goes out once, unforced, whichever overlapping run completes the month first.
    const provenance = { dataHash: sha256(JSON.stringify(rows)), templateVersion: TEMPLATE_VERSION };
    const addressed = missing.length > 0 ? { ...target, incomplete: true } : target;
    outcome = isOutcome(email) ? email : await sendReportEmail(plan, deps, addressed, email, provenance);
  }
  deps.logger[outcome.status === 'held' ? 'warn' : 'info'](`Group summary ${outcome.status}`, { outcome });
  return outcome;
};
