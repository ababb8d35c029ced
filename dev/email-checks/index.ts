// The email checks the tests and the preview server share: client support, contrast, spam score.
export { checkEmailSupport, TARGET_CLIENTS, type SupportFinding } from './caniemail-check.ts';
export { checkContrast, type ContrastFinding } from './contrast-check.ts';
export { spamAssassinReport, spamAssassinReports, type SpamAssassinReport, type SpamRule } from './spamassassin.ts';
