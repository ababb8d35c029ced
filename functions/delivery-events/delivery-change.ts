/**
 * What an SES event says about each recipient, as ledger values with a rank: a later event of lower
 * rank (a "delayed" arriving after "delivered") never overwrites a higher one. Pure.
 */
import type { RecipientDelivery } from '../ledger/ledger-state.ts';
import type { SesEventDetail } from './ses-event.ts';

export const RANK: Record<RecipientDelivery['status'], number> = { delayed: 1, delivered: 2, bounced: 3, rejected: 3, complained: 4 };

/** The metric each kind of event is counted under (per group), once per recipient it changed. */
export type DeliveryMetric =
  | 'DeliverySent'
  | 'DeliveryDelivered'
  | 'DeliveryHardBounce'
  | 'DeliverySoftBounce'
  | 'DeliveryComplaint'
  | 'DeliveryDelayed'
  | 'DeliveryRejected'
  | 'DeliveryRenderingFailure';

export interface DeliveryChange {
  metric: DeliveryMetric;
  /** One entry per recipient the event is about (none for Send: it only says SES has the message). */
  recipients: { address: string; delivery: RecipientDelivery & { rank: number } }[];
}

/** "Ana <ana@example.com>" and "ANA@example.com" are both "ana@example.com". */
export const normalizeAddress = (address: string): string => (/<([^>]+)>\s*$/.exec(address)?.[1] ?? address).trim().toLowerCase();

/**
 * Enough of an SMTP diagnostic to act on: a ledger item holds up to 50 recipients' statuses in each of
 * its attempts, and DynamoDB refuses an item past 400 KB (the event would be lost to the DLQ).
 */
export const MAX_DETAIL_CHARS = 256;

const each = (addresses: readonly string[], status: RecipientDelivery['status'], at: string, detail: string | undefined) => {
  const kept = detail && detail.length > MAX_DETAIL_CHARS ? `${detail.slice(0, MAX_DETAIL_CHARS - 1)}…` : detail;
  return addresses.map((address) => ({
    address: normalizeAddress(address),
    delivery: { status, at, ...(kept ? { detail: kept } : {}), rank: RANK[status] },
  }));
};

const joined = (...parts: (string | undefined)[]) => parts.filter((part) => part !== undefined && part !== '').join(': ') || undefined;

/** Undefined for events this project does not track (opens, clicks, subscriptions). */
export const deliveryChangeOf = (detail: SesEventDetail): DeliveryChange | undefined => {
  const { mail } = detail;
  switch (detail.eventType) {
    case 'Send':
      return { metric: 'DeliverySent', recipients: [] };
    case 'Delivery':
      if (!detail.delivery) return undefined;
      return {
        metric: 'DeliveryDelivered',
        recipients: each(detail.delivery.recipients, 'delivered', detail.delivery.timestamp, detail.delivery.smtpResponse),
      };
    case 'Bounce': {
      const bounce = detail.bounce;
      if (!bounce) return undefined;
      const kind = `${bounce.bounceType}${bounce.bounceSubType ? `/${bounce.bounceSubType}` : ''}`;
      return {
        // Only a Permanent bounce is hard: Transient and Undetermined may deliver next month.
        metric: bounce.bounceType === 'Permanent' ? 'DeliveryHardBounce' : 'DeliverySoftBounce',
        recipients: bounce.bouncedRecipients.flatMap((recipient) =>
          each([recipient.emailAddress], 'bounced', bounce.timestamp, joined(kind, recipient.diagnosticCode)),
        ),
      };
    }
    case 'Complaint':
      if (!detail.complaint) return undefined;
      return {
        metric: 'DeliveryComplaint',
        recipients: each(
          detail.complaint.complainedRecipients.map((recipient) => recipient.emailAddress),
          'complained',
          detail.complaint.timestamp,
          detail.complaint.complaintFeedbackType,
        ),
      };
    case 'DeliveryDelay': {
      const delay = detail.deliveryDelay;
      if (!delay) return undefined;
      return {
        metric: 'DeliveryDelayed',
        recipients: delay.delayedRecipients.flatMap((recipient) =>
          each([recipient.emailAddress], 'delayed', delay.timestamp, joined(delay.delayType, recipient.diagnosticCode)),
        ),
      };
    }
    case 'Reject':
      return {
        metric: 'DeliveryRejected',
        recipients: each(mail.destination, 'rejected', mail.timestamp, joined('rejected by SES', detail.reject?.reason)),
      };
    case 'Rendering Failure':
      return {
        metric: 'DeliveryRenderingFailure',
        recipients: each(mail.destination, 'rejected', mail.timestamp, joined('rendering failed', detail.failure?.errorMessage)),
      };
    default:
      return undefined;
  }
};
