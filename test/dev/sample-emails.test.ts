import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkContrast, checkEmailSupport, spamAssassinReports, type SpamAssassinReport } from '../../dev/email-checks/index.ts';
import { sampleEmails } from '../../dev/sample-emails.ts';
import { composeMessage } from '../../functions/delivery/compose-message.ts';

/**
 * The guards of issue 11 over every sample email (the vendor example, an empty month, the largest
 * company, English, an emoji name, the group summary, the operator run report): client support, contrast in light and dark
 * mode, and SpamAssassin's verdict on the message as it is sent.
 */
const emails = sampleEmails();

const spamAssassinInstalled = (() => {
  try {
    execFileSync('spamassassin', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!spamAssassinInstalled)
  console.warn('spamassassin not found: the spam-score guard is skipped (apt-get install spamassassin; .ci/run does)');

/**
 * Rules that fire on every report at 0 points and say nothing against it: a message tested locally
 * has no Received headers or relays, the report is HTML on purpose, and a sales report names amounts.
 */
const INFORMATIONAL_RULES = new Set(['NO_RECEIVED', 'NO_RELAYS', 'HTML_MESSAGE', 'LOTS_OF_MONEY']);

const asSent = ({ email }: (typeof emails)[number]) =>
  composeMessage({
    from: { name: 'IOBot Reportes', address: 'reportes@example.com' },
    replyTo: 'soporte@example.com',
    to: ['gerencia@example.com'],
    cc: [],
    bcc: [],
    subject: email.subject,
    html: email.html,
    text: email.text,
    attachments: email.attachments,
    headers: { 'X-IOBot-Report': 'aquatec/2026-04/1' },
  });

// Every sample scored in one SpamAssassin process (its rules take a second to load), on first use.
let spamReports: Promise<SpamAssassinReport[]> | undefined;
const spamReportOf = async (index: number): Promise<SpamAssassinReport> => {
  spamReports ??= Promise.all(emails.map(asSent)).then(spamAssassinReports);
  return (await spamReports)[index] as SpamAssassinReport;
};

describe.each(emails.map((sample, index) => ({ ...sample, index })))('sample email "$name"', ({ email, index }) => {
  it('uses only features Gmail, Outlook (Windows, web), Apple Mail and Yahoo support, or ones accepted with a reason', () => {
    const failures = checkEmailSupport(email.html).filter((finding) => finding.accepted === null);

    expect(failures.map((finding) => `${finding.feature} (${finding.clients.join(', ')})`)).toEqual([]);
  });

  it('keeps text at 4.5:1 and bars at 3:1 in light and dark mode', () => {
    const findings = checkContrast(email.html);

    expect(
      findings.map((finding) => `${finding.mode} ${finding.selector} ${finding.foreground} on ${finding.background}: ${finding.ratio}:1`),
    ).toEqual([]);
  });

  it.skipIf(!spamAssassinInstalled)(
    'scores at most 1.0 with SpamAssassin, with no rule but the informational ones',
    async () => {
      const report = await spamReportOf(index);

      expect(report.available).toBe(true);
      if (!report.available) return;
      expect(report.score).toBeLessThanOrEqual(1);
      expect(report.rules.filter((rule) => rule.score > 0 || !INFORMATIONAL_RULES.has(rule.name))).toEqual([]);
    },
    60_000,
  );
});
