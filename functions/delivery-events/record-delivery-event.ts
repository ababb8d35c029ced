/**
 * Records one SES event on the attempt of the ledger item it is about (its claim tag). Only conditional
 * UpdateItems: idempotent under EventBridge's at-least-once delivery (a repeated event changes nothing),
 * tolerant of order (a lower-ranked status never replaces a higher one), and blind to mail this project
 * did not send (no tags, another configuration set, or a claim the ledger does not hold).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ATTEMPT_PREFIX } from '../ledger/ledger-state.ts';
import { conditionalUpdate, recordSent } from '../ledger/dynamo-ledger.ts';
import { taggedSendOf, type TaggedSend } from '../delivery/message-tags.ts';
import { deliveryChangeOf, type DeliveryChange, type DeliveryMetric } from './delivery-change.ts';
import type { SesEventDetail } from './ses-event.ts';

export interface DeliveryEventDeps {
  documents: DynamoDBDocumentClient;
  tableName: string;
  /** The configuration set our sends name: events of any other are not ours. */
  configurationSet: string;
}

export type DeliveryEventResult =
  | { outcome: 'ignored'; reason: string }
  | {
      outcome: 'recorded';
      group: string;
      /** An uncertain hand-over that this event proved sent. */
      settled: boolean;
      /** Recipients whose status changed (0 for a repeated or out-of-date event). */
      changed: number;
      metric: DeliveryMetric;
    };

/**
 * What a person's delivery was, on the attempt the event's claim tag names: a forced re-send's
 * attempt and the earlier one each keep their own, and a repeated or out-of-order event cannot lower a rank.
 */
const recordRecipient = async (
  deps: DeliveryEventDeps,
  { key, claimId, resend }: TaggedSend,
  recipient: DeliveryChange['recipients'][number],
) =>
  (
    await conditionalUpdate(deps.documents, deps.tableName, key, {
      UpdateExpression: 'SET #attempt.#recipients.#address = :delivery',
      ConditionExpression:
        'attribute_exists(#attempt) AND (attribute_not_exists(#attempt.#recipients.#address) OR #attempt.#recipients.#address.#rank < :rank)',
      ExpressionAttributeNames: {
        '#attempt': `${ATTEMPT_PREFIX}${claimId}`,
        // A re-send's events go beside the original's, never over them.
        '#recipients': resend ? 'resent' : 'recipients',
        '#address': recipient.address,
        '#rank': 'rank',
      },
      ExpressionAttributeValues: { ':delivery': recipient.delivery, ':rank': recipient.delivery.rank },
    })
  ).written;

export const recordDeliveryEvent = async (detail: SesEventDetail, deps: DeliveryEventDeps): Promise<DeliveryEventResult> => {
  const configurationSet = detail.mail.tags['ses:configuration-set']?.[0];
  if (configurationSet !== deps.configurationSet)
    return { outcome: 'ignored', reason: `configuration set ${JSON.stringify(configurationSet ?? null)} is not ours` };
  const send = taggedSendOf(detail.mail.tags);
  if (!send) return { outcome: 'ignored', reason: 'no report-mailer tags: not a report email' };
  const change = deliveryChangeOf(detail);
  if (!change) return { outcome: 'ignored', reason: `event type ${detail.eventType} is not tracked` };

  // Any event proves SES has the message, so an unanswered hand-over is sent; a re-send's proves nothing about the original.
  const settled =
    !send.resend &&
    (await recordSent(deps.documents, deps.tableName, send.key, send.claimId, {
      messageId: detail.mail.messageId,
      sentAt: detail.mail.timestamp,
      settledBy: 'ses-event',
    }));
  let changed = 0;
  for (const recipient of change.recipients) {
    if (await recordRecipient(deps, send, recipient)) changed += 1;
  }
  return { outcome: 'recorded', group: send.key.group, settled, changed, metric: change.metric };
};
