import { composeMessage } from '../../functions/delivery/compose-message.ts';
import type { RenderedEmail } from './render.ts';

export const PREVIEW_SENDER = { name: 'IOBot Reportes', address: 'reportes@example.com' };
export const PREVIEW_RECIPIENT = 'preview@example.com';

/** The MIME message the Lambda would hand to SES for this email (same composer, same headers). */
export const previewMessage = (email: RenderedEmail, scenario: string): Promise<Buffer> =>
  composeMessage({
    from: PREVIEW_SENDER,
    to: [PREVIEW_RECIPIENT],
    cc: [],
    bcc: [],
    subject: email.subject,
    html: email.html,
    text: email.text,
    attachments: email.attachments,
    headers: { 'X-IOBot-Report': `preview/${scenario}` },
  });
