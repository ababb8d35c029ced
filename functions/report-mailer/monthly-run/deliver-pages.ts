/**
 * The run's pages as a pipeline: the next page is fetched while the current one is delivered, and a
 * page's deliveries join the shared send pool as soon as the page arrives, so the pool does not idle at
 * page boundaries. At most three pages are in memory: one fetching, two delivering.
 */
import type { SummaryFigures } from '../../report/group-summary.ts';
import { companyPages, describePage } from './company-pages.ts';
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
    delivering.push(deliverPage(plan, deps, fetched, pool));
    // Memory stays bounded: before fetching further ahead, the page before this one must be done.
    if (index >= 1) await delivering[index - 1];
  }
  const results = await Promise.all(delivering);

  const failedPages = results.filter((result) => result.error !== undefined);
  if (results.length > 0 && failedPages.length === results.length) throw failedPages[0]?.error;
  return { companies: results.flatMap((result) => result.outcomes), summary: summaryInputs(results) };
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
