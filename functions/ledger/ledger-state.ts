/**
 * The send ledger's item, read side: its key and what its attributes say about the email. Shared by the
 * ledger (writes during a run), the delivery-events consumer (SES events) and the watchdog (verify).
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
  /** The person's fingerprint (`personHash(address)`); the name is the item's attribute since 2026-11. */
  recipientsHash: string;
  /** A copy sent to `redirectTo`: never the customers' email, so it must not block it (nor be blocked). */
  redirected?: boolean;
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

/**
 * `unsubscribed`: every configured recipient had unsubscribed when a run reached it; nothing to send.
 * What each state means and how a run, the watchdog and the operator report read it: email-state.ts.
 */
export type LedgerStatus = 'claimed' | 'handing' | 'uncertain' | 'sent' | 'rejected' | 'unsubscribed';

/** An earlier attempt a forced send (or a send after an unsubscribed record) replaced, as it last stood. */
export interface PreviousAttempt {
  status: string;
  /** When the newer claim replaced it. */
  replacedAt: string;
  recipientsHash?: string;
  claimId?: string;
  messageId?: string;
  sentAt?: string;
  handedAt?: string;
  rejectedAt?: string;
  reason?: string;
  subject?: string;
  archiveKey?: string;
  unsubscribedAt?: string;
  suppressed?: string[];
  resends?: unknown[];
  recipients?: Record<string, RecipientDelivery>;
}

export interface LedgerState {
  status: LedgerStatus;
  /** Whom this attempt went (or goes) to; compare with the configured list's hash. */
  recipientsHash?: string;
  claimId?: string;
  leaseUntil?: string;
  handedAt?: string;
  messageId?: string;
  sentAt?: string;
  rejectedAt?: string;
  reason?: string;
  /** The archive folder of the message that went out, and its message.eml's sha256 (what a re-send may send). */
  archiveKey?: string;
  messageSha256?: string;
  /** How an uncertain hand-over was settled: "ses-event" when SES's own event said it was sent. */
  settledBy?: string;
  /** `unsubscribed`: when a run found every recipient unsubscribed, and who they were. */
  unsubscribedAt?: string;
  suppressed?: string[];
  /** By recipient address (lower case), from the delivery-events consumer. */
  recipients: Record<string, RecipientDelivery>;
  /** Earlier attempts of this email, newest first (at most HISTORY_LIMIT). */
  previous: PreviousAttempt[];
}

/** Top-level attribute per recipient: a nested map would need to exist before it could be updated. */
export const RECIPIENT_ATTRIBUTE_PREFIX = 'rcpt#';

/**
 * Order- and case-insensitive fingerprint of who receives an email: a changed recipient list (or a
 * redirect to a test inbox) is a different delivery and does not block the real one.
 */
export const recipientsHash = (recipients: { to: string[]; cc: string[]; bcc: string[] }): string => {
  const canonical = (['to', 'cc', 'bcc'] as const)
    .map((field) => `${field}:${[...new Set(recipients[field].map((a) => a.trim().toLowerCase()))].sort().join(',')}`)
    .join(';');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
};

/**
 * One person's fingerprint, whichever field (to, cc, bcc) names them: moving someone from Cc to To
 * does not make their month a new email. Keys and SES tags carry it instead of the address.
 */
export const personHash = (address: string): string => recipientsHash({ to: [address], cc: [], bcc: [] });

/** The item of one person's email: `pk` = group#month#target, `sk` = person#<hash> (a tester's copy: redirect#<hash>). */
export const ledgerItemKey = (key: LedgerKey): { pk: string; sk: string } => ({
  pk: `${key.group}#${key.month}#${key.target}`,
  sk: `${key.redirected ? 'redirect' : 'person'}#${key.recipientsHash}`,
});

/** When the email last changed hands: sent, rejected, handed over, or found unsubscribed. */
export const attemptTime = (state: LedgerState): string =>
  (state.status === 'sent'
    ? state.sentAt
    : state.status === 'rejected'
      ? state.rejectedAt
      : state.status === 'unsubscribed'
        ? state.unsubscribedAt
        : state.handedAt) ?? 'unknown';

const optionalString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The item's state at `now`: a hand-over whose lease ran out without a recorded answer is uncertain. */
export const stateOf = (item: Record<string, unknown>, now: Date): LedgerState => {
  const leaseUntil = typeof item.leaseUntil === 'number' ? item.leaseUntil : undefined;
  const stored = item.status === 'sending' ? 'claimed' : (item.status as LedgerStatus);
  const status: LedgerStatus = stored === 'handing' && leaseUntil !== undefined && leaseUntil < now.getTime() ? 'uncertain' : stored;
  const recipients: Record<string, RecipientDelivery> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(RECIPIENT_ATTRIBUTE_PREFIX)) recipients[name.slice(RECIPIENT_ATTRIBUTE_PREFIX.length)] = value as RecipientDelivery;
  }
  const fields = {
    recipientsHash: item.recipientsHash,
    claimId: item.claimId,
    handedAt: item.handedAt,
    messageId: item.messageId,
    sentAt: item.sentAt,
    rejectedAt: item.rejectedAt,
    reason: item.reason,
    settledBy: item.settledBy,
    unsubscribedAt: item.unsubscribedAt,
    archiveKey: item.archiveKey,
    messageSha256: item.messageSha256,
  };
  return {
    status,
    ...(leaseUntil !== undefined ? { leaseUntil: new Date(leaseUntil).toISOString() } : {}),
    ...Object.fromEntries(Object.entries(fields).flatMap(([name, value]) => (optionalString(value) ? [[name, value]] : []))),
    ...(Array.isArray(item.suppressed) ? { suppressed: item.suppressed as string[] } : {}),
    recipients,
    previous: Array.isArray(item.previous) ? (item.previous as PreviousAttempt[]) : [],
  };
};
