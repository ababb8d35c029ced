/**
 * The monthly run for one report group, step by step as in the design notes' data flow: page by page,
 * fetch the month (and its history) → classify each company → render and deliver each (deliver-pages.ts,
 * run-page.ts) → the group summary → count the outcomes.
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { deliverGroupSummary } from './deliver-group-summary.ts';
import { deliverPages } from './deliver-pages.ts';
import type { PageDeps } from './run-page.ts';
import type { RunPlan } from '../run-plan.ts';
import type { RunSummary } from '../run-summary.ts';
import { summarizeRun } from '../summarize-run.ts';

export type ReportDeps = PageDeps & { metrics: Metrics; sendRatePerSecond: number };

/** What this invocation can send before its reserve, against what it has to. */
const logCapacity = (plan: RunPlan, deps: ReportDeps, toSend: number): void => {
  const { budget } = deps;
  if (!Number.isFinite(budget.remainingMs())) return;
  const capacity = budget.capacity(deps.sendRatePerSecond);
  const details = {
    toSend,
    capacity,
    remainingMs: budget.remainingMs(),
    reserveMs: budget.reserveMs,
    sendRatePerSecond: deps.sendRatePerSecond,
  };
  if (capacity < toSend && !plan.dryRun)
    deps.logger.warn('More companies than this invocation has time for: the rest are deferred to the next run', details);
  else deps.logger.info('Time budget', details);
};

/**
 * Runs one group's month as `plan` says and returns what happened to every email. Throws only when
 * the month cannot be fetched at all; each company's failure is an outcome, and never stops the others.
 */
export const runMonthlyReport = async (plan: RunPlan, deps: ReportDeps): Promise<RunSummary> => {
  logCapacity(plan, deps, plan.companies?.length ?? plan.group.companies.length);
  const { companies, summary } = await deliverPages(plan, deps);
  const summaryEmail = await deliverGroupSummary(plan, deps, summary, companies);
  return summarizeRun(plan, companies, summaryEmail, deps.metrics);
};
