/**
 * The run's pages as a pipeline: the next page is fetched while the current one is delivered, and a
 * page's deliveries join the shared send pool as soon as the page arrives, so the pool does not idle at
 * page boundaries. At most three pages are in memory: one fetching, two delivering.
 */
import type { SummaryFigures } from '../../report/group-summary.ts';
import { companyPages, describePage, type CompanyPage } from './company-pages.ts';
import { groupBenchmarks, peerFigures, type GroupBenchmarks, type PeerFigures } from '../../report/figures/peer-standing.ts';
import { createSendPool } from './deliver-companies.ts';
import { deliverPage, fetchPage, isRefusal, type FetchedPage, type PageDeps, type PageResult } from './run-page.ts';
import type { RunPlan } from '../run-plan.ts';
import type { EmailOutcome } from '../run-summary.ts';

export interface PagedRun {
  /** Every company's outcome, page after page, in config order within each page. */
  companies: EmailOutcome[];
  /** The group summary's inputs, gathered across pages. */
  summary: SummaryInputs;
}

/**
 * Fetches and delivers every page. Throws (as an unpaged run did) only when no page could be fetched:
 * IOBot is down or refuses the group. A refusal (4xx: credentials, shared report not enabled) stops the
 * requests for the remaining pages, which fail with the same reason.
 */
/** The reason of a page not asked because IOBot refused an earlier one (`refused`: its describePage). */
export const notAskedReason = (refused: string, refusal: string): string => `not asked: IOBot refused ${refused} (${refusal})`;

export const deliverPages = async (plan: RunPlan, deps: PageDeps): Promise<PagedRun> => {
  const pages = companyPages(plan, deps.pageSize);
  const pool = createSendPool(deps.sendConcurrency);
  const benchmarks = await gatherBenchmarks(plan, deps, pages);
  let refusal: FetchedPage | undefined;
  const fetchNext = async (index: number): Promise<FetchedPage | undefined> => {
    const page = pages[index];
    if (!page) return undefined;
    if (refusal?.kind === 'failed') {
      return {
        page,
        kind: 'failed',
        error: refusal.error,
        reason: notAskedReason(describePage(refusal.page, deps.pageSize), refusal.reason),
      };
    }
    const fetched = await fetchPage(plan, deps, page);
    if (fetched.kind === 'failed' && isRefusal(fetched.error)) refusal = fetched;
    return fetched;
  };

  const delivering: Promise<PageResult>[] = [];
  let next = fetchNext(0);
  for (let index = 0; index < pages.length; index += 1) {
    const fetched = await next;
    if (!fetched) break;
    next = fetchNext(index + 1);
    delivering.push(deliverPage(plan, deps, fetched, pool, benchmarks));
    // Memory stays bounded: before fetching further ahead, the page before this one must be done.
    if (index >= 1) await delivering[index - 1];
  }
  const results = await Promise.all(delivering);

  const failedPages = results.filter((result) => result.error !== undefined);
  if (results.length > 0 && failedPages.length === results.length) throw failedPages[0]?.error;
  return { companies: results.flatMap((result) => result.outcomes), summary: summaryInputs(results) };
};

/**
 * The group's key rates over every configured company, before any email is rendered, so each company
 * is compared with the whole group and not with its page. A run whose one page is the whole group needs
 * nothing more (undefined: the page computes them). Otherwise (several pages, or a console re-run of a
 * few companies) each page of the whole group is asked for the month once more, one page at a time, and
 * only its ~100 bytes a company of figures are kept. Best effort: if IOBot cannot give a page, no email
 * of the run shows a comparison (null) rather than one against part of the group; a refusal (4xx)
 * ends the run as the first page's would.
 */
export const gatherBenchmarks = async (
  plan: RunPlan,
  deps: PageDeps,
  pages: readonly CompanyPage[],
): Promise<GroupBenchmarks | null | undefined> => {
  const [only] = pages;
  if (pages.length === 1 && only?.includeBusinesses === undefined) return undefined;
  const groupPages = companyPages({ group: plan.group, companies: undefined }, deps.pageSize);
  const peers: PeerFigures[] = [];
  for (const page of groupPages) {
    if (!deps.budget.canStart()) return null;
    try {
      const result = await deps.fetchMonth(plan.period, page.includeBusinesses);
      for (const report of result.companies) peers.push(peerFigures(report, plan.group.exchangeRates));
    } catch (error) {
      // A refusal (credentials, shared report off) would refuse every page: the run fails as it would have.
      if (isRefusal(error)) throw error;
      deps.logger.warn('Group figures unavailable; the emails show no comparison with the group', {
        page: page.index + 1,
        error: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
  }
  return groupBenchmarks(peers);
};

/** By company id: the reported month's figures, and the month before's (undefined without any history). */
export interface SummaryInputs {
  figures: Map<number, SummaryFigures>;
  previous: Map<number, SummaryFigures> | undefined;
  held: Set<number>;
}

const summaryInputs = (results: readonly PageResult[]): SummaryInputs => {
  const figures = new Map<number, SummaryFigures>();
  const previous = new Map<number, SummaryFigures>();
  const held = new Set<number>();
  for (const result of results) {
    for (const company of result.figures) figures.set(company.data.id, company);
    for (const company of result.previous) previous.set(company.data.id, company);
    for (const id of result.held) held.add(id);
  }
  const anyHistory = results.some((result) => result.previous.length > 0);
  return { figures, held, previous: anyHistory ? previous : undefined };
};
