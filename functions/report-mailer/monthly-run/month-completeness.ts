/**
 * Whether a group's month is complete: the group summary goes to the directors only when every
 * configured company is accounted for, so an empty or partial summary is never mailed (and recorded)
 * as the month's.
 */
import type { RunPlan } from '../run-plan.ts';
import type { EmailOutcome, OutcomeStatus } from '../run-summary.ts';

/** A configured company whose email has not gone out this month, and why. */
export interface MissingCompany {
  companyId: number;
  name?: string;
  status: OutcomeStatus;
  /** The first line of the outcome's reason. */
  reason: string;
}

/**
 * Sent in this run, or skipped because an earlier run sent it (the ledger's message id is on the
 * outcome), or skipped on purpose because every recipient unsubscribed (nobody is waiting for it).
 * A dry run sends nothing, so there a rendered company counts: the preview then holds or sends the
 * summary as the real run would.
 */
const accounted = (plan: RunPlan, outcome: EmailOutcome): boolean =>
  outcome.status === 'sent' ||
  (outcome.status === 'skipped' && (outcome.messageId !== undefined || outcome.allUnsubscribed === true || plan.dryRun));

/** Configured companies of the month not accounted for, in config order. */
export const missingCompanies = (plan: RunPlan, outcomes: readonly EmailOutcome[]): MissingCompany[] =>
  plan.group.companies.flatMap((company): MissingCompany[] => {
    const own = outcomes.filter((outcome) => outcome.companyId === company.id);
    if (own.length > 0 && own.every((outcome) => accounted(plan, outcome))) return [];
    const outcome = own.find((candidate) => !accounted(plan, candidate));
    const name = outcome?.name ?? company.label;
    return [
      {
        companyId: company.id,
        ...(name === undefined ? {} : { name }),
        status: outcome?.status ?? 'failed',
        reason: (outcome?.reason ?? 'no outcome in this run').split('\n')[0] ?? '',
      },
    ];
  });
