import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportGroupSchema } from '../../../functions/config/config-schema.ts';
import type { RawEmail } from '../../../functions/delivery/ses-sender.ts';
import { IobotApiError, type MultiReportResult } from '../../../functions/iobot/iobot-client.ts';
import { companyPages } from '../../../functions/report-mailer/monthly-run/company-pages.ts';
import { deliverPages, gatherBenchmarks } from '../../../functions/report-mailer/monthly-run/deliver-pages.ts';
import type { FetchMonth } from '../../../functions/report-mailer/monthly-run/fetch-reports.ts';
import type { PageDeps } from '../../../functions/report-mailer/monthly-run/run-page.ts';
import type { RunPlan } from '../../../functions/report-mailer/run-plan.ts';
import { monthPeriod, type ReportPeriod } from '../../../functions/shared/report-period.ts';
import { seedReport, withReport } from '../../fixtures/reports.ts';
import { startDeliveryStandIns } from '../../support/delivery-stand-ins.ts';

const IDS = [1, 2, 3, 4, 5, 6, 7];
const group = reportGroupSchema.parse({
  name: 'paged',
  businessId: 1,
  timeZone: 'America/Tegucigalpa',
  companies: IDS.map((id) => ({ id, to: [`gerencia.${id}@example.com`] })),
});
let months = 0;
const plan = (): RunPlan => ({
  group,
  period: monthPeriod(`20${10 + (months += 1)}-04`, group.timeZone),
  dryRun: false,
  force: false,
  summary: true,
  sendIncompleteSummary: false,
});

/** IOBot at the boundary: answers each page with its companies; `fail` decides which requests throw. */
const fakeIobot = (fail: (period: ReportPeriod, ids: number[]) => Error | undefined = () => undefined) => {
  const requests: { month: string; ids: number[] }[] = [];
  const fetchMonth: FetchMonth = async (period, includeBusinesses) => {
    const ids = includeBusinesses ?? IDS;
    requests.push({ month: period.month, ids });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const error = fail(period, ids);
    if (error) throw error;
    const companies = ids.map((id) => withReport(seedReport(), { data: { id, nombre: `Empresa ${id}` } }));
    return { companies, invalid: [], attempts: 1, latencyMs: 5 } satisfies MultiReportResult;
  };
  return { fetchMonth, requests };
};

let standIns: Awaited<ReturnType<typeof startDeliveryStandIns>>;
let sent: string[];
const deps = (fetchMonth: FetchMonth): PageDeps => ({
  ...standIns.deps,
  sendRaw: async (email: RawEmail) => {
    sent.push(email.destinations[0] ?? '');
    return { messageId: `m-${sent.length}` };
  },
  metrics: new Metrics({ namespace: 'test', serviceName: 'test' }),
  sendConcurrency: 4,
  fetchMonth,
  historyMonths: 2,
  maxConcurrentRequests: 2,
  pageSize: 3,
});

beforeAll(async () => {
  standIns = await startDeliveryStandIns();
});
afterAll(() => standIns.close());

describe('gatherBenchmarks', () => {
  it('gathers the group figures over every configured company, even for a re-run of one company', async () => {
    const iobot = fakeIobot();
    const month = { ...plan(), companies: [5] };
    const benchmarks = await gatherBenchmarks(month, deps(iobot.fetchMonth), companyPages(month, 3));
    // Seven seed companies: 7.04 % each.
    expect(benchmarks?.sorted.salesRate.get(null)).toEqual(Array(7).fill(7.04));
    expect(iobot.requests.map((request) => request.ids.join(','))).toEqual(['1,2,3', '4,5,6', '7']);
  });

  it('needs nothing more when the one page is the whole group, and gives up (no comparison) when a page fails', async () => {
    const iobot = fakeIobot((_period, ids) => (ids.includes(4) ? new IobotApiError('IOBot answered 503', 503, true) : undefined));
    const whole = plan();
    expect(await gatherBenchmarks(whole, deps(iobot.fetchMonth), companyPages(whole, 100))).toBeUndefined();
    expect(await gatherBenchmarks(whole, deps(iobot.fetchMonth), companyPages(whole, 3))).toBeNull();
  });
});

describe('deliverPages', () => {
  it("fetches the month and its history page by page, with only the page's companies, and delivers all in order", async () => {
    // prepare
    sent = [];
    const iobot = fakeIobot();

    // act
    const run = await deliverPages(plan(), deps(iobot.fetchMonth));

    // assert
    expect(new Set(iobot.requests.map((request) => request.ids.join(',')))).toEqual(new Set(['1,2,3', '4,5,6', '7']));
    // Per page: the month, two months of history, and the same month last year; and, first, the month
    // of each page once for the group's figures (the comparison is against the whole group, not the page).
    expect(iobot.requests).toHaveLength(3 + 3 * 4);
    expect(iobot.requests.slice(0, 3).map((request) => request.ids.join(','))).toEqual(['1,2,3', '4,5,6', '7']);
    expect(run.companies.map((outcome) => [outcome.companyId, outcome.status])).toEqual(IDS.map((id) => [id, 'sent']));
    expect([...run.summary.figures.keys()].sort()).toEqual(IDS);
    expect(run.summary.previous?.size).toBe(IDS.length);
  });

  it('fails only the companies of a page IOBot cannot give; the other pages are sent', async () => {
    // prepare
    sent = [];
    const month = plan();
    const iobot = fakeIobot((period, ids) =>
      period.month === month.period.month && ids.includes(4)
        ? new IobotApiError('IOBot answered 503 after 3 attempts', 503, true)
        : undefined,
    );

    // act
    const run = await deliverPages(month, deps(iobot.fetchMonth));

    // assert
    expect(run.companies.map((outcome) => outcome.status)).toEqual(['sent', 'sent', 'sent', 'failed', 'failed', 'failed', 'sent']);
    expect(run.companies[3]?.reason).toBe(
      'IOBot could not give page 2 (companies 4–6 of the run, ids 4…6): IOBot answered 503 after 3 attempts',
    );
    expect(sent).toHaveLength(4);
  });

  it('keeps at most three pages in memory: a page is fetched only once the page three before it is delivered', async () => {
    // prepare: one company per page, so emails sent = pages delivered
    sent = [];
    const month = plan();
    const sentBeforeFetch = new Map<number, number>();
    const iobot = fakeIobot((period, ids) => {
      if (period.month === month.period.month) sentBeforeFetch.set(ids[0] ?? 0, sent.length);
      return undefined;
    });

    // act
    await deliverPages(month, { ...deps(iobot.fetchMonth), pageSize: 1 });

    // assert: one page fetching, two delivering; page p (1-based) waits for pages 1..p-3
    for (const id of [4, 5, 6, 7]) expect(sentBeforeFetch.get(id), `page ${id}`).toBeGreaterThanOrEqual(id - 3);
  });

  it('stops asking once IOBot refuses a page (401), and fails the run when no page could be fetched', async () => {
    // prepare
    sent = [];
    const month = plan();
    const iobot = fakeIobot((period) =>
      period.month === month.period.month ? new IobotApiError('IOBot answered 401: invalid API key', 401, false) : undefined,
    );

    // act
    const act = deliverPages(month, deps(iobot.fetchMonth));

    // assert
    await expect(act).rejects.toThrow('IOBot answered 401: invalid API key');
    expect(iobot.requests.filter((request) => request.month === month.period.month)).toHaveLength(1);
    expect(sent).toEqual([]);
  });
});
