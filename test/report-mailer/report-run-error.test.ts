import { describe, expect, it } from 'vitest';
import { MAX_ERROR_MESSAGE_LENGTH, ReportRunError } from '../../functions/report-mailer/report-run-error.ts';
import type { EmailOutcome, RunSummary } from '../../functions/report-mailer/run-summary.ts';

const summaryWith = (companies: EmailOutcome[], summaryEmail?: EmailOutcome): RunSummary => ({
  group: 'aquatec',
  period: { month: '2026-04', timeZone: 'America/Tegucigalpa', startDate: '2026-04-01T06:00:00.000Z', endDate: '2026-05-01T05:59:59.999Z' },
  dryRun: false,
  force: false,
  counts: { sent: 0, skipped: 0, failed: companies.length, held: 0, deferred: 0, uncertain: 0 },
  companies,
  ...(summaryEmail ? { summaryEmail } : {}),
});

const malformed = (index: number): EmailOutcome => ({
  companyId: index + 1,
  name: `Empresa ${index + 1}`,
  status: 'failed',
  recipients: { to: [`gerente${index}@example.com`], cc: [`ops${index}@example.com`], bcc: [] },
  reason: `IOBot answer for data[${index}] does not match the report schema:\n${'data[0].salesCount: missing: a documented metric\n'.repeat(10)}`,
});

describe('ReportRunError', () => {
  it('keeps the message bounded however many companies failed, and names no recipient', () => {
    // prepare: 5,000 malformed entries once produced a 4.7 MB message
    const summary = summaryWith(Array.from({ length: 5_000 }, (_, index) => malformed(index)));

    // act
    const error = new ReportRunError(summary);

    // assert
    expect(error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
    expect(error.message).toMatch(/^5000 email\(s\) failed for aquatec 2026-04: 1 \(Empresa 1\): IOBot answer for data\[0\]/);
    expect(error.message).toMatch(/…and \d+ more; the full run summary is in the log \("Monthly report run failed"\)$/);
    expect(error.message).not.toContain('@example.com');
    expect(error.summary).toBe(summary);
  });

  it('lists every failure in full when they fit', () => {
    const summary = summaryWith(
      [{ companyId: 2, name: 'Norte', status: 'failed', reason: 'SES MessageRejected: Email address is not verified.' }],
      {
        companyId: 'summary',
        status: 'failed',
        reason: 'send ledger unavailable: timeout',
      },
    );

    const error = new ReportRunError(summary);

    expect(error.message).toBe(
      '2 email(s) failed for aquatec 2026-04: 2 (Norte): SES MessageRejected: Email address is not verified.; summary: send ledger unavailable: timeout',
    );
  });

  it('cuts one very long reason instead of dropping it', () => {
    const summary = summaryWith([{ companyId: 3, status: 'failed', reason: 'x'.repeat(50_000) }]);

    const error = new ReportRunError(summary);

    expect(error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
    expect(error.message).toMatch(/^1 email\(s\) failed for aquatec 2026-04: 3: x+…$/);
  });

  it("names no recipient even when SES's own reason does (the message reaches the failed-runs queue)", () => {
    const refused: EmailOutcome = {
      companyId: 7,
      name: 'Empresa 7',
      status: 'failed',
      reason:
        'SES MessageRejected: Email address is not verified. The following identities failed the check in region US-EAST-1: Gerente.Ventas+mx@cliente-7.com.hn',
    };

    const error = new ReportRunError(summaryWith([refused]));

    expect(error.message).not.toContain('@');
    expect(error.message).toContain('failed the check in region US-EAST-1: <address>');
  });
});
