import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { RunPlan } from './run-plan.ts';
import {
  countOutcomes,
  METRIC_BY_STATUS,
  MISSING_EXCHANGE_RATE_METRIC,
  type EmailOutcome,
  type OutcomeStatus,
  type RunSummary,
} from './run-summary.ts';

/**
 * The run's answer from its outcomes (the companies' and the group summary's), shared by the monthly
 * run and the re-send from the archive; each status's count is also added as its metric.
 */
export const summarizeRun = (
  plan: RunPlan,
  companies: EmailOutcome[],
  summaryEmail: EmailOutcome | undefined,
  metrics: Metrics,
): RunSummary => {
  const { group, period } = plan;
  const counts = countOutcomes([...companies, ...(summaryEmail ? [summaryEmail] : [])]);
  for (const status of Object.keys(counts) as OutcomeStatus[]) {
    metrics.addMetric(METRIC_BY_STATUS[status], MetricUnit.Count, counts[status]);
  }
  // A finding, not a status: the email went out, but its ads could not be set against their sales.
  metrics.addMetric(
    MISSING_EXCHANGE_RATE_METRIC,
    MetricUnit.Count,
    companies.filter((outcome) => (outcome.missingExchangeRates?.length ?? 0) > 0).length,
  );
  return {
    group: group.name,
    period: { month: period.month, timeZone: period.timeZone, startDate: period.startDate, endDate: period.endDate },
    dryRun: plan.dryRun,
    force: plan.force,
    ...(plan.redirectTo ? { redirectedTo: plan.redirectTo } : {}),
    counts,
    companies,
    ...(summaryEmail ? { summaryEmail } : {}),
  };
};
