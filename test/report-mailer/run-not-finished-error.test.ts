import { describe, expect, it } from 'vitest';
import { RunNotFinishedError } from '../../functions/report-mailer/run-not-finished-error.ts';
import type { EmailOutcome, RunSummary } from '../../functions/report-mailer/run-summary.ts';

const outcome = (companyId: number, status: EmailOutcome['status']): EmailOutcome => ({ companyId, status });

describe('RunNotFinishedError', () => {
  it('names the companies left (twenty, then a count), how many went out, and what to do', () => {
    // prepare
    const companies = [
      outcome(1, 'sent'),
      outcome(2, 'sent'),
      ...Array.from({ length: 25 }, (_, index) => outcome(100 + index, 'deferred')),
    ];
    const summary: RunSummary = {
      group: 'aquatec',
      period: {
        month: '2026-04',
        timeZone: 'America/Tegucigalpa',
        startDate: '2026-04-01T06:00:00.000Z',
        endDate: '2026-05-01T05:59:59.999Z',
      },
      dryRun: false,
      force: false,
      counts: { sent: 2, skipped: 0, failed: 0, held: 0, deferred: 26, uncertain: 0 },
      companies,
    };

    // act
    const error = new RunNotFinishedError(summary);

    // assert
    expect(error.message).toBe(
      "25 of 27 companies left for the next run of aquatec 2026-04 (this invocation's time ran out; 2 sent): " +
        `${Array.from({ length: 20 }, (_, index) => 100 + index).join(', ')} and 5 more. ` +
        "Lambda's retry of a scheduled run sends them; otherwise re-run the same event: companies already sent are skipped.",
    );
    expect(error.summary).toBe(summary);
  });
});
