import { describe, expect, it } from 'vitest';
import { missingCompanies } from '../../../functions/report-mailer/monthly-run/month-completeness.ts';
import type { EmailOutcome } from '../../../functions/report-mailer/run-summary.ts';
import { aprilPlan as plan } from '../../fixtures/run-plans.ts';

const sent = (id: number): EmailOutcome => ({ companyId: id, name: `Empresa ${id}`, status: 'sent', messageId: `m-${id}` });
const alreadySent = (id: number): EmailOutcome => ({
  companyId: id,
  status: 'skipped',
  messageId: `m-${id}`,
  reason: 'already sent to these recipients on 2026-05-01',
});

describe('missingCompanies', () => {
  it('accounts for companies sent in this run or an earlier one', () => {
    expect(missingCompanies(plan(), [sent(1), alreadySent(2), sent(3)])).toEqual([]);
  });

  it('accounts for a company skipped because every recipient unsubscribed: nobody waits for it, the summary must not wait either', () => {
    const unsubscribed: EmailOutcome = {
      companyId: 2,
      status: 'skipped',
      allUnsubscribed: true,
      reason: 'every recipient unsubscribed: norte@example.com',
    };

    expect(missingCompanies(plan(), [sent(1), unsubscribed, sent(3)])).toEqual([]);
  });

  it('names every configured company that is not accounted for, and why (first line of the reason)', () => {
    // prepare
    const outcomes: EmailOutcome[] = [
      sent(1),
      {
        companyId: 2,
        name: 'Norte SA',
        status: 'failed',
        reason: 'IOBot answer for data[1] does not match the report schema:\ndata[1].salesCount: missing',
      },
      { companyId: 3, name: 'Sur SA', status: 'held', reason: 'the numbers failed the consistency checks; not sent', problems: ['x'] },
      { companyId: 99, status: 'skipped', reason: 'no recipients configured for this company in the report group' },
    ];

    // act
    const missing = missingCompanies(plan(), outcomes);

    // assert
    expect(missing).toEqual([
      { companyId: 2, name: 'Norte SA', status: 'failed', reason: 'IOBot answer for data[1] does not match the report schema:' },
      { companyId: 3, name: 'Sur SA', status: 'held', reason: 'the numbers failed the consistency checks; not sent' },
    ]);
  });

  it('does not count a skip without an earlier delivery (such as a claim held elsewhere) as accounted for', () => {
    const outcomes: EmailOutcome[] = [
      sent(1),
      alreadySent(2),
      { companyId: 3, status: 'skipped', reason: 'another invocation is sending this email' },
    ];

    expect(missingCompanies(plan(), outcomes).map((company) => company.companyId)).toEqual([3]);
  });

  it('names a configured company with no outcome at all by its label', () => {
    expect(missingCompanies(plan(), [sent(1), sent(2)])).toEqual([
      { companyId: 3, name: 'Sur', status: 'failed', reason: 'no outcome in this run' },
    ]);
  });

  it('in a dry run, counts a rendered company as accounted for, so the preview matches the real run', () => {
    const rendered = (id: number): EmailOutcome => ({ companyId: id, status: 'skipped', reason: 'dry run: rendered, not sent' });

    expect(missingCompanies(plan({ dryRun: true }), [rendered(1), rendered(2), { companyId: 3, status: 'failed', reason: 'x' }])).toEqual([
      { companyId: 3, name: 'Sur', status: 'failed', reason: 'x' },
    ]);
  });
});
