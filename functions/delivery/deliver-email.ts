/**
 * One person's email from rendered content to "sent" in four AWS calls: compose the MIME message (To:
 * that person only), claim it in the send ledger (the claim is the hand-over, and names the bytes),
 * archive those bytes, wait for a send slot, call SES and record its answer. A crash between the claim
 * and SES's answer leaves the email uncertain (never sent again automatically); an answered failure
 * gives the claim back. Each step's failure is a result, never a throw, so one person's or company's
 * problem cannot stop the others.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Recipients, RuntimeConfig } from '../config/config-schema.ts';
import { composeMessage, envelopeRecipients, type OutgoingEmail } from './compose-message.ts';
import { archiveKeyFor, sha256, type EmailArchive } from './email-archive.ts';
import { messageTags } from './message-tags.ts';
import { DELIVERY_BY_CLAIM_FINDING, type ClaimFinding } from '../ledger/email-state.ts';
import type { NotClaimed } from '../ledger/claim-verdict.ts';
import { personHash, type LedgerKey, type SendLedger } from '../ledger/send-ledger.ts';
import { SendError, type SendRawEmail } from './ses-sender.ts';
import type { RenderedEmail } from '../shared/rendered-email.ts';

export interface DeliveryRequest {
  /** Which email this is; with `person`, the ledger item. */
  key: Omit<LedgerKey, 'recipientsHash' | 'redirected'>;
  /** The one address this message goes to (To:): a configured person, or a tester on a redirected run. */
  person: string;
  /** The configured recipients a redirect replaced, named in a header so a tester sees whose copy it is. */
  redirectedFrom?: Recipients | undefined;
  email: Pick<OutgoingEmail, 'subject' | 'html' | 'text' | 'attachments'> & Pick<RenderedEmail, 'fromName'>;
  /** Send even if the ledger says this email already went out (or was rejected, or is uncertain). */
  force: boolean;
  /** What the email was made from, for its archive manifest: hash of the IOBot data, template build. */
  provenance?: { dataHash: string; templateVersion: string } | undefined;
  /** Extra headers (this person's List-Unsubscribe and its one-click companion). */
  headers?: Record<string, string> | undefined;
}

export interface DeliveryDeps {
  sender: RuntimeConfig['sender'];
  ledger: SendLedger;
  /** Every email is stored here after its claim and before SES gets it: no email leaves without its bytes archived. */
  archive: EmailArchive;
  sendRaw: SendRawEmail;
  /** SES configuration set whose events (delivery, bounce, complaint) come back to the ledger. */
  configurationSet?: string | undefined;
  /** Resolves when the send rate allows the next SES call. */
  throttle: () => Promise<void>;
  /** The invocation (Lambda's request id, the same on its retries of one event): a forced run sends each person once per request. */
  requestId?: string | undefined;
  logger: Logger;
}

export type DeliveryResult =
  | { status: 'sent'; messageId: string }
  | { status: 'skipped'; messageId?: string; reason: string; inProgress?: boolean }
  /** Maybe sent: never re-sent automatically; the SES Send event or an operator's `force` settles it. */
  | { status: 'uncertain'; messageId?: string; reason: string }
  /** `permanent`: SES refused it for good; recorded, so retries do not try again. */
  | { status: 'failed'; reason: string; permanent?: boolean };

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const FORCE_HINT = 're-run with "force": true once you have checked';
// The same address would be refused again; a corrected address is another person, sent by the next run.
const REJECTED_HINT = 'fix the address (a corrected one is sent by the next run) or the SES identity (then re-run with "force": true)';

/** Delivery's words for each claim finding; the status comes from DELIVERY_BY_CLAIM_FINDING (ledger/email-state.ts). */
const NOT_CLAIMED_REASON: { [F in ClaimFinding]: (claim: Extract<NotClaimed, { outcome: F }>) => string } = {
  'already-sent': (claim) =>
    claim.byThisRequest
      ? `already sent to this person on ${claim.sentAt} by this same forced event (Lambda retried it): forced once; a new event forces again`
      : `already sent to this person on ${claim.sentAt}; use "force": true to send again`,
  // Not a failure of this run: the holder sends it and reports its own outcome.
  'in-progress': (claim) =>
    `another invocation holds this email's claim until ${claim.leaseUntil} and is sending it; its run reports the outcome`,
  uncertain: (claim) =>
    `handed to SES on ${claim.handedAt} by a run that never recorded SES's answer, so it may have gone out; not sent again automatically. The SES Send event settles it; otherwise ${FORCE_HINT} the inbox or the logs`,
  rejected: (claim) => `SES rejected this email permanently on ${claim.rejectedAt} (${claim.reason}); not tried again: ${REJECTED_HINT}`,
  contended: () =>
    'another forced run took over the same unanswered hand-over first (or it was answered meanwhile); nothing was sent: run again',
};

/** What a claim that did not go through means for this run. */
const notClaimed = (claim: NotClaimed): DeliveryResult => {
  const reason = (NOT_CLAIMED_REASON[claim.outcome] as (found: NotClaimed) => string)(claim);
  return { ...DELIVERY_BY_CLAIM_FINDING[claim.outcome], ...('messageId' in claim ? { messageId: claim.messageId } : {}), reason };
};

/** Compose → claim → archive → throttle → send → record. Never throws: every failure is a result. */
export const deliverEmail = async (request: DeliveryRequest, deps: DeliveryDeps): Promise<DeliveryResult> => {
  const { key: email } = request;
  const recipients = { to: [request.person], cc: [], bcc: [] };
  const key: LedgerKey = {
    ...email,
    recipientsHash: personHash(request.person),
    ...(request.redirectedFrom ? { redirected: true } : {}),
  };
  const release = (claimId: string, reason: string) =>
    deps.ledger.release(key, claimId, { reason, request: deps.requestId }).catch((releaseError: unknown) => {
      deps.logger.error('Could not give the send claim back', { company: key.target, error: errorMessage(releaseError) });
    });

  // 1. Compose first: the claim records the exact bytes it hands over (their archive key and sha256).
  let raw: Uint8Array;
  try {
    raw = await composeMessage({
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
        ...(request.redirectedFrom
          ? { 'X-IOBot-Redirected-From': [...request.redirectedFrom.to, ...request.redirectedFrom.cc].join(', ') }
          : {}),
        ...request.headers,
      },
    });
  } catch (error) {
    return { status: 'failed', reason: `composing the message failed: ${errorMessage(error)}` };
  }
  const at = new Date();
  const archiveKey = archiveKeyFor(key.group, key.month, key.target, key.recipientsHash, at);
  const messageSha256 = sha256(raw);

  // 2. Claim: the hand-over. At most one run sends this email, and never one the ledger has settled.
  let claimId: string;
  try {
    const claim = await deps.ledger.claim(key, {
      force: request.force,
      handOver: { subject: request.email.subject, archiveKey, messageSha256 },
      request: deps.requestId,
    });
    if (claim.outcome !== 'claimed') return notClaimed(claim);
    claimId = claim.claimId;
  } catch (error) {
    return { status: 'failed', reason: `send ledger unavailable: ${errorMessage(error)}` };
  }

  // 3. Archive, then wait for a send slot. A failure here certainly sent nothing: the claim is given back.
  try {
    await deps.archive.store(archiveKey, raw, {
      group: key.group,
      month: key.month,
      target: String(key.target),
      person: key.recipientsHash,
      claim: claimId,
      'archived-at': at.toISOString(),
      sha256: messageSha256,
      'data-hash': request.provenance?.dataHash,
      'template-version': request.provenance?.templateVersion,
    });
    await deps.throttle();
  } catch (error) {
    const reason = `archive unavailable, not sent: ${errorMessage(error)}`;
    await release(claimId, reason);
    return { status: 'failed', reason };
  }

  // 4. Send. Only an answer from SES says whether it went out.
  let messageId: string;
  try {
    ({ messageId } = await deps.sendRaw({
      source: deps.sender.address,
      destinations: envelopeRecipients(recipients),
      raw,
      configurationSet: deps.configurationSet,
      tags: messageTags({ key, claimId }),
    }));
  } catch (error) {
    return settleSendError(key, claimId, error, deps, release);
  }

  // 5. Record. If that fails the email is out but the ledger still holds the hand-over: uncertain, never re-sent.
  try {
    await deps.ledger.markSent(key, claimId, { messageId });
    return { status: 'sent', messageId };
  } catch (error) {
    deps.logger.error('Sent, but the send ledger could not record it: uncertain until the SES Send event settles it', {
      company: key.target,
      messageId,
      error: errorMessage(error),
    });
    return {
      status: 'uncertain',
      messageId,
      reason: `SES accepted it (message ${messageId}) but the send ledger could not record that (${errorMessage(error)}); not sent again automatically, the SES Send event settles it`,
    };
  }
};

const settleSendError = async (
  key: LedgerKey,
  claimId: string,
  error: unknown,
  deps: DeliveryDeps,
  release: (claimId: string, reason: string) => Promise<void>,
): Promise<DeliveryResult> => {
  const reason = errorMessage(error);
  if (error instanceof SendError && !error.answered) {
    // Left as the claim's hand-over: after the lease it reads as uncertain, and no run sends it again on its own.
    return {
      status: 'uncertain',
      reason: `${reason}: SES never answered with a refusal, so it may have gone out; not sent again automatically. The SES Send event settles it; otherwise ${FORCE_HINT} the inbox or the logs`,
    };
  }
  if (error instanceof SendError && error.permanent) {
    try {
      await deps.ledger.markRejected(key, claimId, { reason });
      return { status: 'failed', permanent: true, reason: `${reason} (recorded: retries will not try again; ${REJECTED_HINT})` };
    } catch (recordError) {
      deps.logger.error('Could not record the permanent rejection', { company: key.target, error: errorMessage(recordError) });
    }
  }
  await release(claimId, reason);
  return { status: 'failed', reason };
};
