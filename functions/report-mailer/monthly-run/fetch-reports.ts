/**
 * The IOBot answers a run needs: the reported month, and the months before it for comparisons and the
 * trend. The reported month must arrive; history is best effort.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import pLimit from 'p-limit';
import type { MultiReportResult } from '../../iobot/iobot-client.ts';
import type { CompanyReport } from '../../iobot/report-schema.ts';
import { monthBefore, monthsBefore, type ReportPeriod } from '../../shared/report-period.ts';
import type { RunPlan } from '../run-plan.ts';

export type FetchMonth = (period: ReportPeriod, includeBusinesses?: number[]) => Promise<MultiReportResult>;

export interface FetchDeps {
  fetchMonth: FetchMonth;
  /** Months of history fetched for comparisons and the trend (0 disables it). */
  historyMonths: number;
  /**
   * IOBot answers in flight at once (the reported month and history together). Each may be as large
   * as the response cap, so this bounds the run's memory: 6 answers side by side overran 512 MB.
   */
  maxConcurrentRequests: number;
  logger: Logger;
  metrics: Metrics;
}

export interface FetchedReports {
  current: MultiReportResult;
  /** Most recent first; shorter than asked when a month could not be fetched. */
  history: MultiReportResult[];
  /** The same month a year before, for the year-over-year comparison; undefined when IOBot could not give it. */
  lastYear?: MultiReportResult | undefined;
}

/** Months back to the same month of the previous year. */
export const YEAR_MONTHS = 12;

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

type Limit = ReturnType<typeof pLimit>;

/**
 * Previous months, most recent first. A month that cannot be fetched ends the history there: the
 * report goes out without the older comparisons rather than not at all, and older months still
 * waiting for a slot are not asked for.
 */
const fetchHistory = async (
  plan: RunPlan,
  deps: FetchDeps,
  limit: Limit,
  state: { firstFailure: number },
): Promise<MultiReportResult[]> => {
  const months = monthsBefore(plan.period, deps.historyMonths);
  const results = await Promise.allSettled(
    months.map((month, index) =>
      limit(async () => {
        if (index > state.firstFailure) return undefined;
        try {
          return await deps.fetchMonth(month, plan.companies);
        } catch (error) {
          state.firstFailure = Math.min(state.firstFailure, index);
          throw error;
        }
      }),
    ),
  );
  const usable: MultiReportResult[] = [];
  for (const [index, result] of results.entries()) {
    if (result.status === 'rejected') {
      deps.logger.warn('History month unavailable; comparisons stop there', {
        historyMonth: months[index]?.month,
        error: errorMessage(result.reason),
      });
      break;
    }
    if (!result.value) break;
    usable.push(result.value);
  }
  return usable;
};

const fetchCurrent = async (plan: RunPlan, deps: FetchDeps): Promise<MultiReportResult> => {
  const result = await deps.fetchMonth(plan.period, plan.companies);
  deps.metrics.addMetric('IobotApiLatency', MetricUnit.Milliseconds, result.latencyMs);
  deps.logger.info('IOBot report fetched', {
    companies: result.companies.length,
    invalid: result.invalid.length,
    attempts: result.attempts,
    latencyMs: result.latencyMs,
  });
  return result;
};

/** The reported month (throws when IOBot cannot give it) and its history, a bounded number at a time. */
export const fetchReports = async (plan: RunPlan, deps: FetchDeps): Promise<FetchedReports> => {
  const limit = pLimit(deps.maxConcurrentRequests);
  // Index of the first history month that failed (-1: the reported month did, so no history is needed).
  const state = { firstFailure: Number.POSITIVE_INFINITY };
  // Queued first, so the month that must arrive gets the first slot.
  const current = limit(() =>
    fetchCurrent(plan, deps).catch((error: unknown) => {
      state.firstFailure = -1;
      throw error;
    }),
  );
  const [currentResult, history, lastYear] = await Promise.all([
    current,
    fetchHistory(plan, deps, limit, state),
    fetchLastYear(plan, deps, limit, state),
  ]);
  return { current: currentResult, history, lastYear: lastYear ?? history[YEAR_MONTHS - 1] };
};

/**
 * The same month of the previous year: one more request, queued last and best effort (a failure only
 * logs, and the emails then say nothing about last year). Not asked when the history already holds it,
 * when history is disabled, or once the reported month has failed.
 */
const fetchLastYear = (
  plan: RunPlan,
  deps: FetchDeps,
  limit: Limit,
  state: { firstFailure: number },
): Promise<MultiReportResult | undefined> => {
  if (deps.historyMonths <= 0 || deps.historyMonths >= YEAR_MONTHS) return Promise.resolve(undefined);
  const month = monthBefore(plan.period, YEAR_MONTHS);
  return limit(async () => {
    if (state.firstFailure === -1) return undefined;
    try {
      return await deps.fetchMonth(month, plan.companies);
    } catch (error) {
      deps.logger.warn('Same month of last year unavailable; no year-over-year comparison', {
        lastYearMonth: month.month,
        error: errorMessage(error),
      });
      return undefined;
    }
  });
};

/** One company's months before the reported one, most recent first; undefined where it was absent. */
export const historyOf = (history: readonly MultiReportResult[], id: number): (CompanyReport | undefined)[] =>
  history.map((month) => month.companies.find((company) => company.data.id === id));
