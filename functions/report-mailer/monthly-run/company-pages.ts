/**
 * The companies of a run, in pages of `includeBusinesses`: IOBot computes and sends one answer per
 * request, so a large group asked for at once makes one huge answer (and six, with history) that must
 * all fit in memory. A page is also the unit a Step Functions Distributed Map or an SQS consumer would
 * hand to one invocation (README.md, "Past one invocation").
 */
import type { CompanyRecipients } from '../../config/config-schema.ts';
import type { RunPlan } from '../run-plan.ts';

export interface CompanyPage {
  /** 0-based position, for logs and error messages. */
  index: number;
  /** The configured companies of this page, in config order. */
  companies: CompanyRecipients[];
  /** `includeBusinesses` for IOBot; undefined asks for the whole group (one page holds it all). */
  includeBusinesses: number[] | undefined;
}

/** The run's companies (all configured, or the event's subset) in config order, `pageSize` per page. */
export const companyPages = (plan: Pick<RunPlan, 'group' | 'companies'>, pageSize: number): CompanyPage[] => {
  const wanted = plan.companies ? new Set(plan.companies) : undefined;
  const companies = plan.group.companies.filter((company) => !wanted || wanted.has(company.id));
  const size = Math.max(1, Math.floor(pageSize));
  const pages: CompanyPage[] = [];
  for (let start = 0; start < companies.length; start += size) {
    const slice = companies.slice(start, start + size);
    pages.push({ index: pages.length, companies: slice, includeBusinesses: slice.map((company) => company.id) });
  }
  // The whole group in one request, as before paging: IOBot then also names companies nobody configured.
  const [only] = pages;
  if (only && pages.length === 1 && !plan.companies) only.includeBusinesses = undefined;
  return pages;
};

/** "page 3 (companies 201–300 of the run, ids 4411…4510)" for messages. */
export const describePage = (page: CompanyPage, pageSize: number): string => {
  const first = page.index * pageSize + 1;
  const ids = page.companies.map((company) => company.id);
  return `page ${page.index + 1} (companies ${first}–${first + ids.length - 1} of the run, ids ${ids[0]}…${ids[ids.length - 1]})`;
};
