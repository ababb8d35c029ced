/** The RFC 5322 message itself (MIME), built by nodemailer's MailComposer, never by hand. */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { EmailAttachment } from '../shared/rendered-email.ts';

export interface OutgoingEmail {
  from: { name: string; address: string };
  replyTo?: string | undefined;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  html: string;
  text: string;
  attachments: EmailAttachment[];
  /** Extra `X-` headers that make a report easy to find in a mailbox or a bounce. */
  headers?: Record<string, string>;
}

/**
 * Builds the RFC 5322 message (multipart/alternative text + HTML, plus attachments) with nodemailer's
 * MailComposer: it handles encoded words for accents and emoji in names and subject, line folding,
 * quoted-printable bodies and header injection (CR/LF are never passed through).
 * Bcc addresses are not written as a header; they travel as SES destinations only.
 */
export const composeMessage = async (email: OutgoingEmail): Promise<Buffer> => {
  const composer = new MailComposer({
    from: { name: email.from.name, address: email.from.address },
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    to: email.to,
    cc: email.cc,
    subject: email.subject,
    text: email.text,
    html: email.html,
    textEncoding: 'quoted-printable',
    attachments: email.attachments.map((attachment) => ({
      filename: attachment.filename,
      content: attachment.content,
      contentType: attachment.contentType,
    })),
    // RFC 3834: a machine sent this, so out-of-office replies and other auto-responders stay quiet.
    headers: { 'Auto-Submitted': 'auto-generated', ...email.headers },
  });
  return composer.compile().build();
};

/** Every envelope recipient, including Bcc, de-duplicated case-insensitively. */
export const envelopeRecipients = (email: Pick<OutgoingEmail, 'to' | 'cc' | 'bcc'>): string[] => {
  const seen = new Map<string, string>();
  for (const address of [...email.to, ...email.cc, ...email.bcc]) {
    const key = address.trim().toLowerCase();
    if (!seen.has(key)) seen.set(key, address.trim());
  }
  return [...seen.values()];
};
