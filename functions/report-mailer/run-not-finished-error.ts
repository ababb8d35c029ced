import type { RunSummary } from './run-summary.ts';

/** Company ids named in the message; the rest are counted (the summary in the response lists them all). */
const NAMED = 20;

/**
 * The run ran out of time with companies not yet started (`deferred`). Thrown so that a scheduled run
 * is retried by Lambda and a console run says so; the ledger makes the next run send only the rest.
 */
export class RunNotFinishedError extends Error {
  override readonly name = 'RunNotFinishedError';
  constructor(readonly summary: RunSummary) {
    const left = summary.companies.filter((company) => company.status === 'deferred').map((company) => company.companyId);
    const named = left.slice(0, NAMED).join(', ') + (left.length > NAMED ? ` and ${left.length - NAMED} more` : '');
    super(
      `${left.length} of ${summary.companies.length} companies left for the next run of ${summary.group} ${summary.period.month} ` +
        `(this invocation's time ran out; ${summary.counts.sent} sent): ${named}. Lambda's retry of a scheduled run sends them; ` +
        'otherwise re-run the same event: companies already sent are skipped.',
    );
  }
}
