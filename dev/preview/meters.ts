import {
  checkContrast,
  checkEmailSupport,
  spamAssassinReport,
  type ContrastFinding,
  type SpamAssassinReport,
  type SupportFinding,
} from '../email-checks/index.ts';
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

export interface HtmlChecks {
  support: SupportFinding[];
  contrast: ContrastFinding[];
}

/** The checks the tests run on the sample emails (dev/email-checks/): client support and contrast. */
export const htmlChecks = (html: string): HtmlChecks => ({ support: checkEmailSupport(html), contrast: checkContrast(html) });

/**
 * SpamAssassin's score, one message at a time: each run is a Perl process that takes a core for a
 * second or more, and a preview clicked through quickly must not start a dozen of them.
 */
export const createSpamScorer = () => {
  let queue: Promise<unknown> = Promise.resolve();
  return (eml: Buffer): Promise<SpamAssassinReport> => {
    const run = queue.then(() => spamAssassinReport(eml));
    queue = run.catch(() => undefined);
    return run;
  };
};
