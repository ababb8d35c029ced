import { checkContrast, checkEmailSupport, spamAssassinReport, type ContrastFinding, type SpamAssassinReport, type SupportFinding } from '../email-checks/index.ts';
import type { RenderedEmail } from './render.ts';

/** Gmail hides everything after ~102 KB of HTML behind "[Message clipped] View entire message". */
export const GMAIL_CLIP_BYTES = 102 * 1024;

export interface SizeMeter {
  bytes: number;
  clipBytes: number;
  /** The renderer's own budget, below the clip (it trims table rows to stay under it). */
  budgetBytes: number;
  clipped: boolean;
}

export const sizeMeter = (email: Pick<RenderedEmail, 'html'>, budgetBytes: number): SizeMeter => {
  const bytes = Buffer.byteLength(email.html);
  return { bytes, clipBytes: GMAIL_CLIP_BYTES, budgetBytes, clipped: bytes > GMAIL_CLIP_BYTES };
};

export interface EmailChecks {
  support: SupportFinding[];
  contrast: ContrastFinding[];
  spam: SpamAssassinReport;
}

/** The checks the tests run on the sample emails (dev/email-checks/), on the email in the preview. */
export const emailChecks = async (email: Pick<RenderedEmail, 'html'>, eml: Buffer): Promise<EmailChecks> => ({
  support: checkEmailSupport(email.html),
  contrast: checkContrast(email.html),
  spam: await spamAssassinReport(eml),
});
