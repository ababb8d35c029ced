import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { cachedEnvironment } from '../shared/cached-environment.ts';
import { InvalidInputError } from '../shared/invalid-input-error.ts';
import { sdkTimeouts, timedClientConfig } from '../shared/timed-sdk-client.ts';
import { recordDeliveryEvent, type DeliveryEventResult } from './record-delivery-event.ts';
import { sesEventBridgeEventSchema } from './ses-event.ts';

const logger = new Logger();
const metrics = new Metrics();
// A stalled ledger connection fails this event (EventBridge retries it) instead of holding it to the Lambda timeout.
const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient(timedClientConfig(sdkTimeouts(process.env, { connectionTimeoutMs: 1_000, requestTimeoutMs: 5_000 }))),
);

const environmentSchema = z.object({
  LEDGER_TABLE_NAME: z.string({ error: 'missing: the send ledger DynamoDB table' }).min(1),
  SES_CONFIGURATION_SET: z.string({ error: 'missing: the SES configuration set the report mailer sends with' }).min(1),
});
const getEnvironment = cachedEnvironment(environmentSchema, () => process.env);

/**
 * Entry point for the EventBridge rule on this configuration set's SES events: records what reached
 * each recipient on the email's ledger item. Throws (so EventBridge/Lambda retry, then the DLQ) only on
 * a malformed event or a ledger error; mail it did not send is ignored.
 */
export const handler = async (event: unknown, context?: Context): Promise<DeliveryEventResult> => {
  if (context) logger.addContext(context);
  try {
    const env = getEnvironment();
    const parsed = sesEventBridgeEventSchema.safeParse(event);
    if (!parsed.success) throw InvalidInputError.fromZod('event', parsed.error);
    const { detail } = parsed.data;
    const result = await recordDeliveryEvent(detail, {
      documents,
      tableName: env.LEDGER_TABLE_NAME,
      configurationSet: env.SES_CONFIGURATION_SET,
    });
    if (result.outcome === 'recorded') {
      metrics.addDimension('group', result.group);
      // Counted per recipient that changed, so a repeated event is not counted twice.
      metrics.addMetric(result.metric, MetricUnit.Count, result.metric === 'DeliverySent' ? 1 : result.changed);
      if (result.settled) metrics.addMetric('UncertainSettled', MetricUnit.Count, 1);
    } else {
      metrics.addMetric('DeliveryEventsIgnored', MetricUnit.Count, 1);
    }
    logger.info('SES event', { eventType: detail.eventType, messageId: detail.mail.messageId, result });
    return result;
  } catch (error) {
    logger.error('SES event not recorded', error as Error);
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
};
