/**
 * One page of companies through the run: fetch its month and history (only its companies, so memory is
 * bounded by the page size) → classify → render and deliver in the run's send pool. A page IOBot cannot
 * give fails its companies only; a page the time budget does not reach is deferred without a request.
 */
import type { CompanyRecipients } from '../../config/config-schema.ts';
import { IobotApiError, type MultiReportResult } from '../../iobot/iobot-client.ts';
import { summaryFigures, type SummaryFigures } from '../../report/group-summary.ts';
import { groupBenchmarks, peerFigures, type GroupBenchmarks } from '../../report/figures/peer-standing.ts';
import { classifyCompanies } from './classify-companies.ts';
import { describePage, type CompanyPage } from './company-pages.ts';
import { DEFERRED_REASON, deliverCompanies, type CompanyDeliveryDeps, type SendPool } from './deliver-companies.ts';
import { fetchReports, type FetchDeps } from './fetch-reports.ts';
import { recipientsFor, type RunPlan } from '../run-plan.ts';
import type { EmailOutcome } from '../run-summary.ts';

export type PageDeps = FetchDeps & CompanyDeliveryDeps & { pageSize: number };

export type FetchedPage =
  | {
      page: CompanyPage;
      kind: 'fetched';
      current: MultiReportResult;
      history: MultiReportResult[];
      lastYear?: MultiReportResult | undefined;
    }
  | { page: CompanyPage; kind: 'failed'; error: unknown; reason: string }
  | { page: CompanyPage; kind: 'deferred' };

/** What the run keeps of a page once it is delivered: outcomes, and the group summary's inputs. */
export interface PageResult {
  page: CompanyPage;
  outcomes: EmailOutcome[];
  /**
   * The group summary's figures of each valid report of the reported month, and of the month before
   * (for its comparison): the page's whole reports are let go once it is delivered.
   */
  figures: SummaryFigures[];
  previous: SummaryFigures[];
  /** Companies whose numbers failed the checks: kept out of the group summary. */
  held: number[];
  /** The error of a page IOBot could not give. */
  error?: unknown;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** IOBot refused the request itself (auth, shared report not enabled): every other page would be refused too. */
export const isRefusal = (error: unknown): boolean =>
  error instanceof IobotApiError && !error.retryable && error.status !== undefined && error.status >= 400 && error.status < 500;

export const fetchPage = async (plan: RunPlan, deps: PageDeps, page: CompanyPage): Promise<FetchedPage> => {
  if (!deps.budget.canStart()) return { page, kind: 'deferred' };
  try {
    const { current, history, lastYear } = await fetchReports({ ...plan, companies: page.includeBusinesses }, deps);
    return { page, kind: 'fetched', current, history, lastYear };
  } catch (error) {
    const reason = `IOBot could not give ${describePage(page, deps.pageSize)}: ${errorMessage(error)}`;
    deps.logger.error('IOBot page failed; its companies fail, the other pages go on', { page: page.index + 1, error: errorMessage(error) });
    return { page, kind: 'failed', error, reason };
  }
};

const settledFor = (plan: RunPlan, company: CompanyRecipients, status: 'failed' | 'deferred', reason: string): EmailOutcome => ({
  companyId: company.id,
  ...(company.label ? { name: company.label } : {}),
  status,
  recipients: recipientsFor(plan, company),
  reason,
});

/**
 * `benchmarks`: the group's figures gathered before the first page (see deliver-pages.ts); without
 * them, the page itself is the whole group (a one-page run over every configured company).
 */
export const deliverPage = async (
  plan: RunPlan,
  deps: PageDeps,
  fetched: FetchedPage,
  pool: SendPool,
  benchmarks?: GroupBenchmarks | null,
): Promise<PageResult> => {
  const { page } = fetched;
  if (fetched.kind !== 'fetched') {
    const [status, reason] = fetched.kind === 'failed' ? (['failed', fetched.reason] as const) : (['deferred', DEFERRED_REASON] as const);
    const outcomes = page.companies.map((company) => settledFor(plan, company, status, reason));
    for (const outcome of outcomes) deps.logger.warn(`Company ${outcome.status}`, { company: outcome.companyId, outcome });
    return { page, outcomes, figures: [], previous: [], held: [], ...(fetched.kind === 'failed' ? { error: fetched.error } : {}) };
  }
  const classification = classifyCompanies({ ...plan, companies: page.includeBusinesses }, fetched.current);
  const groupFigures =
    benchmarks === undefined
      ? groupBenchmarks(fetched.current.companies.map((report) => peerFigures(report, plan.group.exchangeRates)))
      : (benchmarks ?? undefined);
  const outcomes = await deliverCompanies(plan, deps, classification.entries, fetched.history, pool, {
    lastYear: fetched.lastYear,
    benchmarks: groupFigures,
  });
  return {
    page,
    outcomes,
    figures: fetched.current.companies.map(summaryFigures),
    previous: (fetched.history[0]?.companies ?? []).map(summaryFigures),
    held: [...classification.held],
  };
};
