import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseSpamReport, spamAssassinReport, spamAssassinReports } from '../../../dev/email-checks/spamassassin.ts';

const installed = (() => {
  try {
    execFileSync('spamassassin', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!installed) console.warn('spamassassin not found: SpamAssassin tests skipped (apt-get install spamassassin; .ci/run does)');

const REPORT = `X-Spam-Status: No
Content analysis details:   (3.3 points, 5.0 required)

 pts rule name              description
---- ---------------------- --------------------------------------------------
 0.6 MISSING_MID            Missing Message-Id: header
 2.7 MISSING_DATE           Missing Date: header
-0.0 NO_RECEIVED            Informational: message has no Received headers
                            (continued description)
-0.1 DKIM_VALID             Message has at least one valid DKIM or DK signature

`;

describe('parseSpamReport', () => {
  it('reads the points and every rule with its score', () => {
    expect(parseSpamReport(REPORT)).toEqual({
      score: 3.3,
      rules: [
        { name: 'MISSING_MID', score: 0.6 },
        { name: 'MISSING_DATE', score: 2.7 },
        { name: 'NO_RECEIVED', score: -0 },
        { name: 'DKIM_VALID', score: -0.1 },
      ],
    });
  });

  it('fails loudly on output that is not a report', () => {
    expect(() => parseSpamReport('spamassassin: command not understood')).toThrow(/Content analysis details/);
  });
});

describe.skipIf(!installed)('spamAssassinReport', () => {
  it('scores a message without Date and Message-Id with those rules', async () => {
    const eml =
      'From: a@example.com\r\nTo: b@example.com\r\nSubject: hola\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhola\r\n';

    const report = await spamAssassinReport(eml);

    expect(report.available).toBe(true);
    if (!report.available) return;
    expect(report.rules.map((rule) => rule.name)).toEqual(expect.arrayContaining(['MISSING_DATE', 'MISSING_MID']));
    expect(report.score).toBeGreaterThanOrEqual(3);
  }, 60_000);
});

describe.skipIf(!installed)('spamAssassinReports', () => {
  it('scores several messages in one process exactly as one at a time, in order, a "From " body line included', async () => {
    // prepare
    const plain =
      'From: a@example.com\r\nTo: b@example.com\r\nSubject: hola\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhola\r\n';
    const dated =
      'From: a@example.com\r\nTo: b@example.com\r\nSubject: informe\r\nDate: Mon, 07 Dec 2026 01:00:00 +0000\r\n' +
      'Message-ID: <1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nFrom the report:\r\nFrom here on \u2028From a separator-like line\r\n';

    // act
    const batch = await spamAssassinReports([plain, dated]);
    const single = await Promise.all([plain, dated].map((eml) => spamAssassinReport(eml)));

    // assert (rules of equal points come in no fixed order)
    const sorted = (reports: Awaited<typeof batch>) =>
      reports.map((report) =>
        report.available ? { ...report, rules: report.rules.toSorted((a, b) => a.name.localeCompare(b.name)) } : report,
      );
    expect(sorted(batch)).toEqual(sorted(single));
    expect(batch.map((report) => report.available && report.rules.some((rule) => rule.name === 'MISSING_DATE'))).toEqual([true, false]);
  }, 60_000);
});
