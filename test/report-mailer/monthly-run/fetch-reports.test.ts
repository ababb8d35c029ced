import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import { runtimeConfigSchema } from '../../../functions/config/config-schema.ts';
import type { MultiReportResult } from '../../../functions/iobot/iobot-client.ts';
import { fetchReports } from '../../../functions/report-mailer/monthly-run/fetch-reports.ts';
import type { RunPlan } from '../../../functions/report-mailer/run-plan.ts';
import { monthPeriod, type ReportPeriod } from '../../../functions/shared/report-period.ts';

const [group] = runtimeConfigSchema.parse({
  sender: { address: 'reportes@example.com', name: 'Reportes' },
  apiBaseUrl: 'https://api.example.com',
  groups: [{ name: 'aquatec', businessId: 1, timeZone: 'America/Tegucigalpa', companies: [{ id: 1, to: ['a@example.com'] }] }],
}).groups;
const plan: RunPlan = {
  group: group!,
  period: monthPeriod('2026-04', 'America/Tegucigalpa'),
  dryRun: true,
  force: false,
  summary: true,
  sendIncompleteSummary: false,
};
const answer = (): MultiReportResult => ({ companies: [], invalid: [], attempts: 1, latencyMs: 1 });

/** A fake IOBot that records the order of requests and how many were in flight at once. */
const recordingFetch = () => {
  const asked: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const fetchMonth = async (period: ReportPeriod) => {
    asked.push(period.month);
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight -= 1;
    return answer();
  };
  return { fetchMonth, asked, peak: () => peak };
};

describe('fetchReports', () => {
  it('keeps at most maxConcurrentRequests answers in flight, the reported month first', async () => {
    // prepare
    const iobot = recordingFetch();

    // act
    const { history } = await fetchReports(plan, {
      fetchMonth: iobot.fetchMonth,
      historyMonths: 11,
      maxConcurrentRequests: 2,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'test' }),
    });

    // assert
    expect(iobot.peak()).toBe(2);
    expect(iobot.asked[0]).toBe('2026-04');
    // The month, 11 months of history, and April 2025 for the year-over-year comparison.
    expect(iobot.asked).toHaveLength(13);
    expect(iobot.asked.at(-1)).toBe('2025-04');
    expect(history).toHaveLength(11);
  });

  it('asks once more for the same month of last year, best effort: its failure only leaves it out', async () => {
    // prepare
    const asked: string[] = [];
    const lastYearAnswer = answer();
    const fetchMonth = async (period: ReportPeriod) => {
      asked.push(period.month);
      if (period.month === '2025-04') throw new Error('IOBot answered 503');
      return period.month === '2025-03' ? lastYearAnswer : answer();
    };
    const deps = {
      fetchMonth,
      historyMonths: 5,
      maxConcurrentRequests: 2,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'test' }),
    };

    // act
    const failed = await fetchReports(plan, deps);
    const march = await fetchReports({ ...plan, period: monthPeriod('2026-03', 'America/Tegucigalpa') }, deps);

    // assert
    expect(asked.filter((month) => month === '2025-04')).toHaveLength(1);
    expect(failed.lastYear).toBeUndefined();
    expect(failed.history).toHaveLength(5);
    expect(march.lastYear).toBe(lastYearAnswer);
  });

  it('stops the history at the first month that cannot be fetched', async () => {
    // prepare
    const fetchMonth = async (period: ReportPeriod) => {
      if (period.month === '2026-02') throw new Error('IOBot answered 503');
      return answer();
    };

    // act
    const { history } = await fetchReports(plan, {
      fetchMonth,
      historyMonths: 5,
      maxConcurrentRequests: 2,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'test' }),
    });

    // assert: March only; February failed, so January and before are not used
    expect(history).toHaveLength(1);
  });

  it('asks for no more history once the reported month has failed', async () => {
    // prepare
    const asked: string[] = [];
    const fetchMonth = async (period: ReportPeriod) => {
      asked.push(period.month);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (period.month === '2026-04') throw new Error('IOBot answered 401');
      return answer();
    };

    // act
    const error = await fetchReports(plan, {
      fetchMonth,
      historyMonths: 5,
      maxConcurrentRequests: 2,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'test' }),
    }).catch((caught: unknown) => caught);
    await new Promise((resolve) => setTimeout(resolve, 50));

    // assert: the reported month and the one already in flight beside it, nothing after
    expect((error as Error).message).toBe('IOBot answered 401');
    expect(asked).toEqual(['2026-04', '2026-03']);
  });
});
