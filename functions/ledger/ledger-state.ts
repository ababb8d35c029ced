/**
 * The send ledger's item, read side: its key, its attributes, and what they say about one person's
 * email. Shared by the ledger (writes during a run), the delivery-events consumer (SES events) and the
 * watchdog (verify).
 */
import { createHash } from 'node:crypto';

/**
 * One person's email: group, month, company (or the group summary) and the person, by the fingerprint
 * of their address (`recipientsHash`, see `personHash`). Each configured address gets its own message
 * and its own item, so a recipient list change only adds or drops people: nobody is sent twice. A
 * redirected test copy keeps an item of its own per tester.
 */
export interface LedgerKey {
  group: string;
  month: string;
  target: number | 'summary';
  /** The person's fingerprint (`personHash(address)`). */
  recipientsHash: string;
  /** A copy sent to `redirectTo`: never the customers' email, so it must not block it (nor be blocked). */
  redirected?: boolean;
  /**
   * A group summary sent on request while companies were missing: not the month's summary, so the
   * complete one still goes out once, unforced, when the month completes.
   */
  incomplete?: boolean;
}

/** What reached one recipient, from SES events; a later event of lower rank never overwrites it. */
export interface RecipientDelivery {
  status: 'delayed' | 'delivered' | 'bounced' | 'complained' | 'rejected';
  at: string;
  /** Bounce type/subtype, diagnostic code, complaint feedback type, reject reason: whatever SES said. */
  detail?: string;
  /** Order of precedence (see delivery-events/delivery-change.ts). */
  rank?: number;
}

/** A re-send of an attempt's archived bytes (console `fromArchive`). */
export interface ResendRecord {
  at: string;
  messageId: string;
  archiveKey: string;
  /** Envelope recipients of the re-send (the person, or the redirect's testers). */
  destinations: string[];
}

/**
 * One hand-over to SES, kept for good under its claim id (the SES tag `iobot-claim`). Written by the
 * claim, before SES, with the archived bytes it is about to send; answered once: `sent`, `rejected`
 * (for good) or `not-sent` (certainly not: given back). Still `handing` after its lease: `uncertain`.
 */
export interface Attempt {
  claimId: string;
  status: 'handing' | 'uncertain' | 'sent' | 'rejected' | 'not-sent';
  handedAt: string;
  forced?: boolean;
  /** The invocation (Lambda request id) of a forced claim. */
  request?: string;
  subject?: string;
  archiveKey?: string;
  messageSha256?: string;
  messageId?: string;
  sentAt?: string;
  /** "ses-event": SES's own event proved the hand-over sent (its answer was never recorded). */
  settledBy?: string;
  answeredAt?: string;
  reason?: string;
  /** What SES said reached each address (lower case) of this attempt's own message (delivery-events consumer). */
  recipients: Record<string, RecipientDelivery>;
  /** The same for the re-sends of its bytes, kept apart: a re-send's bounce says nothing of the original delivery. */
  resent: Record<string, RecipientDelivery>;
  /** Oldest first (stored by SES message id, so a retried write cannot record one twice). */
  resends: ResendRecord[];
}

/**
 * `handing`: a live claim (the hand-over to SES); `uncertain`: a hand-over nobody answered; `released`:
 * every attempt was given back unsent (the next run sends); `unsubscribed`: the person had unsubscribed
 * when a run reached them. What each state means to a run, the watchdog and the operator: email-state.ts.
 */
export type LedgerStatus = 'handing' | 'uncertain' | 'sent' | 'rejected' | 'unsubscribed' | 'released';

export interface LedgerState {
  status: LedgerStatus;
  /** The attempt the status is about (none for `unsubscribed`): the live or unanswered one, the sent one, the refused one. */
  attempt?: Attempt;
  /** Until when a live claim blocks every other run. */
  leaseUntil?: string;
  unsubscribedAt?: string;
  suppressed?: string[];
  /** Every attempt, newest first. */
  attempts: Attempt[];
}

/**
 * Each attempt is a top-level map attribute `attempt#<claim id>`, so the claim creates it in the same
 * write as the lock, and SES events update its `recipients` without a map that must exist first.
 */
export const ATTEMPT_PREFIX = 'attempt#';
/** `request#<request id>` = the claim id a forced request made: its Lambda retry does not force the person twice. */
export const REQUEST_PREFIX = 'request#';

/**
 * One person's fingerprint, whichever field (to, cc, bcc) names them: moving someone from Cc to To
 * does not make their month a new email. Keys and SES tags carry it instead of the address.
 */
export const personHash = (address: string): string =>
  createHash('sha256').update(`to:${address.trim().toLowerCase()};cc:;bcc:`).digest('hex').slice(0, 16);

/**
 * The item of one person's email: `pk` = group#month#target, `sk` = person#<hash> (a tester's copy:
 * redirect#<hash>; an incomplete group summary: person-incomplete#<hash>, a tester's: redirect-incomplete#<hash>).
 */
export const ledgerItemKey = (key: LedgerKey): { pk: string; sk: string } => ({
  pk: `${key.group}#${key.month}#${key.target}`,
  sk: `${key.redirected ? 'redirect' : 'person'}${key.incomplete ? '-incomplete' : ''}#${key.recipientsHash}`,
});

/** When the email last changed hands: sent, refused, handed over, or found unsubscribed. */
export const attemptTime = (state: LedgerState): string =>
  (state.status === 'unsubscribed'
    ? state.unsubscribedAt
    : (state.attempt?.sentAt ?? state.attempt?.answeredAt ?? state.attempt?.handedAt)) ?? 'unknown';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The item's state at `now`: a hand-over whose lease ran out without a recorded answer is uncertain. */
export const stateOf = (item: Record<string, unknown>, now: Date): LedgerState => {
  const leaseUntil = typeof item.leaseUntil === 'number' ? item.leaseUntil : undefined;
  const live = leaseUntil !== undefined && leaseUntil >= now.getTime();
  const attempts = Object.entries(item)
    .flatMap(([name, value]) => (name.startsWith(ATTEMPT_PREFIX) ? [value as Attempt] : []))
    .map(
      (attempt): Attempt => ({
        ...attempt,
        // Stored by message id (recordResend), read as a list.
        resends: Object.values(attempt.resends ?? {}).sort((a, b) => a.at.localeCompare(b.at)),
        ...(attempt.status === 'handing' && !(live && attempt.claimId === item.claimId) ? { status: 'uncertain' as const } : {}),
      }),
    )
    .sort((a, b) => b.handedAt.localeCompare(a.handedAt));
  const find = (name: string) => attempts.find((attempt) => attempt.claimId === text(item[name]));
  // The lock (`claimId`, `leaseUntil`) is a hand-over not answered yet; `sentBy`, `maybeSentBy` (an
  // unanswered hand-over a forced claim took over) and `rejectedBy` name answered attempts.
  const [lock, sent, maybe, refused] = [find('claimId'), find('sentBy'), find('maybeSentBy'), find('rejectedBy')];
  const unsubscribedAt = text(item.unsubscribedAt);
  // A month that went out stays sent under a forced copy, in flight or never answered (the watchdog
  // says so): a run that finds it counts the person accounted for.
  // Found unsubscribed after the newest hand-over: nobody waits for a copy that was refused or uncertain.
  const unsubscribed = unsubscribedAt !== undefined && !(attempts[0] && attempts[0].handedAt > unsubscribedAt);
  const [status, attempt]: [LedgerStatus, Attempt | undefined] = sent
    ? ['sent', sent]
    : lock && live
      ? ['handing', lock]
      : unsubscribed
        ? ['unsubscribed', undefined]
        : lock || maybe
          ? ['uncertain', lock ?? maybe]
          : refused
            ? ['rejected', refused]
            : ['released', attempts[0]];
  return {
    status,
    ...(attempt ? { attempt } : {}),
    ...(lock && leaseUntil !== undefined ? { leaseUntil: new Date(leaseUntil).toISOString() } : {}),
    ...(unsubscribedAt ? { unsubscribedAt } : {}),
    ...(Array.isArray(item.suppressed) ? { suppressed: item.suppressed as string[] } : {}),
    attempts,
  };
};
