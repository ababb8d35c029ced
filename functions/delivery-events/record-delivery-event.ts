/**
 * Records one SES event on the ledger item of the email it is about. Only conditional UpdateItems:
 * idempotent under EventBridge's at-least-once delivery (a repeated event changes nothing), tolerant
 * of order (a lower-ranked status never replaces a higher one), and blind to mail this project did not
 * send (no tags, another configuration set, or a claim the ledger does not hold).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ledgerItemKey, RECIPIENT_ATTRIBUTE_PREFIX } from '../ledger/ledger-state.ts';
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

/** Runs a conditional update; false when its condition did not hold. */
const applied = async (documents: DynamoDBDocumentClient, command: UpdateCommand): Promise<boolean> => {
  try {
    await documents.send(command);
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** Any event proves SES has the message: an item still "handing" (maybe uncertain) becomes "sent". */
const settle = async (deps: DeliveryEventDeps, { key, claimId, resend }: TaggedSend, mail: SesEventDetail['mail']) =>
  // A re-send's event says nothing about whether the original hand-over reached SES.
  !resend &&
  applied(
    deps.documents,
    new UpdateCommand({
      TableName: deps.tableName,
      Key: ledgerItemKey(key),
      // Every ledger write adds to `revision`, so a forced claim never overwrites what it did not read.
      UpdateExpression:
        'SET #status = :sent, messageId = :messageId, sentAt = :sentAt, settledBy = :settledBy REMOVE leaseUntil ADD revision :one',
      ConditionExpression: 'claimId = :claimId AND #status = :handing',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':sent': 'sent',
        ':handing': 'handing',
        ':messageId': mail.messageId,
        ':sentAt': mail.timestamp,
        ':settledBy': 'ses-event',
        ':claimId': claimId,
        ':one': 1,
      },
    }),
  );

const recordRecipient = (deps: DeliveryEventDeps, { key, claimId }: TaggedSend, recipient: DeliveryChange['recipients'][number]) =>
  applied(
    deps.documents,
    new UpdateCommand({
      TableName: deps.tableName,
      Key: ledgerItemKey(key),
      UpdateExpression: 'SET #recipient = :delivery ADD revision :one',
      // The key finds the month's one item (ledgerItemKey), the claim id this send on it: a forced
      // re-send's item ignores the earlier message, and a repeated or out-of-order event cannot lower a rank.
      ConditionExpression: 'claimId = :claimId AND (attribute_not_exists(#recipient) OR #recipient.#rank < :rank)',
      ExpressionAttributeNames: { '#recipient': `${RECIPIENT_ATTRIBUTE_PREFIX}${recipient.address}`, '#rank': 'rank' },
      ExpressionAttributeValues: { ':delivery': recipient.delivery, ':rank': recipient.delivery.rank, ':claimId': claimId, ':one': 1 },
    }),
  );

/**
 * A late event of the message a forced send replaced: recorded on that attempt, `previous[0]`, under the
 * same rank rule, so the history of what reached whom is complete. Only the latest replaced attempt.
 */
const recordOnEarlierAttempt = (deps: DeliveryEventDeps, { key, claimId }: TaggedSend, recipient: DeliveryChange['recipients'][number]) =>
  applied(
    deps.documents,
    new UpdateCommand({
      TableName: deps.tableName,
      Key: ledgerItemKey(key),
      UpdateExpression: 'SET #previous[0].#recipients.#address = :delivery ADD revision :one',
      ConditionExpression:
        '#previous[0].claimId = :claimId AND (attribute_not_exists(#previous[0].#recipients.#address) OR #previous[0].#recipients.#address.#rank < :rank)',
      ExpressionAttributeNames: { '#previous': 'previous', '#recipients': 'recipients', '#address': recipient.address, '#rank': 'rank' },
      ExpressionAttributeValues: { ':delivery': recipient.delivery, ':rank': recipient.delivery.rank, ':claimId': claimId, ':one': 1 },
    }),
  );

export const recordDeliveryEvent = async (detail: SesEventDetail, deps: DeliveryEventDeps): Promise<DeliveryEventResult> => {
  const configurationSet = detail.mail.tags['ses:configuration-set']?.[0];
  if (configurationSet !== deps.configurationSet)
    return { outcome: 'ignored', reason: `configuration set ${JSON.stringify(configurationSet ?? null)} is not ours` };
  const send = taggedSendOf(detail.mail.tags);
  if (!send) return { outcome: 'ignored', reason: 'no report-mailer tags: not a report email' };
  const change = deliveryChangeOf(detail);
  if (!change) return { outcome: 'ignored', reason: `event type ${detail.eventType} is not tracked` };

  const settled = await settle(deps, send, detail.mail);
  let changed = 0;
  for (const recipient of change.recipients) {
    if ((await recordRecipient(deps, send, recipient)) || (await recordOnEarlierAttempt(deps, send, recipient))) changed += 1;
  }
  return { outcome: 'recorded', group: send.key.group, settled, changed, metric: change.metric };
};
