/**
 * The history a replacing claim keeps on the ledger item (`previous`): a forced send must not erase what
 * the earlier attempt recorded (per-recipient statuses, re-sends, archive folder, message id). Bounded,
 * so an item that is forced again and again stays far below DynamoDB's 400 KB item limit. Pure.
 */
import { RECIPIENT_ATTRIBUTE_PREFIX, type PreviousAttempt } from './ledger-state.ts';

/** With 50 recipients' statuses and re-sends per attempt, five keep an item far below DynamoDB's 400 KB. */
export const HISTORY_LIMIT = 5;

/** The item's own bookkeeping, not part of what the attempt recorded. */
const BOOKKEEPING = new Set(['pk', 'sk', 'previous', 'expiresAt', 'revision', 'leaseUntil', 'claimedAt']);

/** The item as it stood, as one history entry; a hand-over whose lease ran out is recorded as uncertain. */
export const attemptOf = (item: Record<string, unknown>, replacedAt: Date): PreviousAttempt => {
  const attempt: Record<string, unknown> = {};
  const recipients: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(RECIPIENT_ATTRIBUTE_PREFIX)) recipients[name.slice(RECIPIENT_ATTRIBUTE_PREFIX.length)] = value;
    else if (!BOOKKEEPING.has(name)) attempt[name] = value;
  }
  const expired = typeof item.leaseUntil === 'number' && item.leaseUntil < replacedAt.getTime();
  return {
    ...attempt,
    status: item.status === 'handing' && expired ? 'uncertain' : String(item.status),
    replacedAt: replacedAt.toISOString(),
    // Always a map, even empty: a late SES event of this message is written into it (a nested path must exist).
    recipients,
  } as PreviousAttempt;
};

/** `previous` for the item that replaces `item`: its attempt first, then its own history, newest first. */
export const historyAfter = (item: Record<string, unknown>, entry: PreviousAttempt): PreviousAttempt[] =>
  [entry, ...(Array.isArray(item.previous) ? (item.previous as PreviousAttempt[]) : [])].slice(0, HISTORY_LIMIT);

/**
 * `earlier` (the record a failed forced send replaced) as it stands now in `current`: with the SES
 * events of its message that arrived meanwhile (recorded in `current.previous[0]`, ranks only rise).
 */
export const restoredFrom = (earlier: Record<string, unknown>, current: Record<string, unknown>): Record<string, unknown> => {
  const entry = Array.isArray(current.previous) ? (current.previous[0] as PreviousAttempt | undefined) : undefined;
  const late = entry && entry.claimId === earlier.claimId ? (entry.recipients ?? {}) : {};
  return {
    ...earlier,
    ...Object.fromEntries(Object.entries(late).map(([address, delivery]) => [`${RECIPIENT_ATTRIBUTE_PREFIX}${address}`, delivery])),
  };
};
