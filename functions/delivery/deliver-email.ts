/**
 * One email from rendered content to "sent": claim it in the send ledger, compose the MIME message,
 * wait for a send slot, hand it to SES and record it. Each step's failure is a result, never a throw,
 * so one company's problem cannot stop the others.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Recipients, RuntimeConfig } from '../config/config-schema.ts';
import { archiveAttempt } from './archive-attempt.ts';
import { composeMessage, envelopeRecipients, type OutgoingEmail } from './compose-message.ts';
import type { EmailArchive } from './email-archive.ts';
import { dropAddresses } from './unsubscribe-headers.ts';
import { recipientsHash, type LedgerKey, type SendLedger } from './send-ledger.ts';
import type { SendRawEmail } from './ses-sender.ts';
import type { RenderedEmail } from '../shared/rendered-email.ts';

export interface DeliveryRequest {
  /** Which email this is: the ledger item is this plus the recipients' fingerprint. */
  key: Omit<LedgerKey, 'recipientsHash'>;
  /** Who receives it (the redirect target on a redirected run). */
  recipients: Recipients;
  /** The configured recipients a redirect replaced, named in a header so a tester sees whose copy it is. */
  redirectedFrom?: Recipients | undefined;
  email: Pick<OutgoingEmail, 'subject' | 'html' | 'text' | 'attachments'> & Pick<RenderedEmail, 'fromName'>;
  /** Send even if the ledger says this email already went out. */
  force: boolean;
  /** What the email was made from, for its archive manifest: hash of the IOBot data, template build. */
  provenance?: { dataHash: string; templateVersion: string } | undefined;
  /** Extra headers (List-Unsubscribe and its one-click companion). */
  headers?: Record<string, string> | undefined;
  /**
   * Unsubscribed addresses left out of this send. The ledger still keys the email by `recipients`, so
   * an unsubscribe between a send and a re-run of the month does not make it a new email.
   */
  suppressed?: readonly string[] | undefined;
}

export interface DeliveryDeps {
  sender: RuntimeConfig['sender'];
  ledger: SendLedger;
  /** Every email is stored here before SES gets it (see archive-attempt.ts for the order). */
  archive: EmailArchive;
  sendRaw: SendRawEmail;
  /** Resolves when the send rate allows the next SES call. */
  throttle: () => Promise<void>;
  logger: Logger;
}

export type DeliveryResult =
  | { status: 'sent'; messageId: string }
  | { status: 'skipped'; messageId: string; reason: string }
  | { status: 'failed'; reason: string };

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Claim → compose → archive → throttle → send → record. Never throws: every failure is a `failed` result. */
export const deliverEmail = async (request: DeliveryRequest, deps: DeliveryDeps): Promise<DeliveryResult> => {
  const { key: email } = request;
  const recipients = request.suppressed?.length ? dropAddresses(request.recipients, new Set(request.suppressed.map((a) => a.toLowerCase()))) : request.recipients;
  const key: LedgerKey = { ...email, recipientsHash: recipientsHash(request.recipients) };
  let claimId: string;
  try {
    const claim = await deps.ledger.claim(key, { force: request.force });
    if (claim.outcome === 'already-sent') {
      return { status: 'skipped', messageId: claim.messageId, reason: `already sent to these recipients on ${claim.sentAt}; use "force": true to send again` };
    }
    if (claim.outcome === 'in-progress') {
      return { status: 'failed', reason: `another invocation is sending this email (claim held until ${claim.leaseUntil}); re-run after that` };
    }
    claimId = claim.claimId;
  } catch (error) {
    return { status: 'failed', reason: `send ledger unavailable: ${errorMessage(error)}` };
  }

  try {
    const raw = await composeMessage({
      // A group's branding may name the sender differently; the address (the SES identity) never changes.
      from: { name: request.email.fromName ?? deps.sender.name, address: deps.sender.address },
      replyTo: deps.sender.replyTo,
      ...recipients,
      subject: request.email.subject,
      html: request.email.html,
      text: request.email.text,
      attachments: request.email.attachments,
      headers: {
        'X-IOBot-Report': `${key.group}/${key.month}/${key.target}`,
        // To and Cc only: Bcc recipients are hidden from each other, so also from whoever gets the redirected copy.
        ...(request.redirectedFrom ? { 'X-IOBot-Redirected-From': [...request.redirectedFrom.to, ...request.redirectedFrom.cc].join(', ') } : {}),
        ...request.headers,
      },
    });
    const archived = await archiveAttempt(
      deps.archive,
      { ...key, recipients, redirectedFrom: request.redirectedFrom, subject: request.email.subject, ...request.provenance },
      raw,
      { logger: deps.logger },
    );
    await deps.throttle();
    const { messageId } = await deps
      .sendRaw({ source: deps.sender.address, destinations: envelopeRecipients(recipients), raw })
      .catch(async (error: unknown) => {
        await archived.notSent(errorMessage(error));
        throw error;
      });
    await archived.sent(messageId);
    try {
      await deps.ledger.markSent(key, claimId, { messageId, subject: request.email.subject, archiveKey: archived.key });
    } catch (error) {
      // The email is out; say so loudly, because the ledger will not stop a re-send after the lease.
      deps.logger.error('Sent, but the send ledger could not record it', { company: key.target, messageId, error: errorMessage(error) });
    }
    return { status: 'sent', messageId };
  } catch (error) {
    await deps.ledger.release(key, claimId).catch((releaseError: unknown) => {
      deps.logger.error('Could not release the send claim', { company: key.target, error: errorMessage(releaseError) });
    });
    return { status: 'failed', reason: errorMessage(error) };
  }
};
