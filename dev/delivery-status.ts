import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoLedger } from '../functions/ledger/dynamo-ledger.ts';
import { personHash } from '../functions/ledger/send-ledger.ts';
import type { EmailOutcome, PersonOutcome } from '../functions/report-mailer/run-summary.ts';
import type { LocalStack } from './local-stack.ts';

/**
 * What the ledger says reached each person, after the local stack fed the consumer the SES events:
 * "delivered" or "bounced (Permanent/General: …)" per person's message, for `npm start`.
 */
export const deliveryStatusOf = async (
  stack: LocalStack,
  group: string,
  month: string,
  outcomes: readonly EmailOutcome[],
  redirected = false,
): Promise<Map<PersonOutcome, string>> => {
  const client = new DynamoDBClient({
    endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const ledger = createDynamoLedger(DynamoDBDocumentClient.from(client), { tableName: stack.env.LEDGER_TABLE_NAME as string });
  const status = new Map<PersonOutcome, string>();
  try {
    for (const outcome of outcomes) {
      for (const person of outcome.people ?? []) {
        if (person.status !== 'sent' && person.status !== 'skipped' && person.status !== 'uncertain') continue;
        const state = await ledger.read({
          group,
          month,
          target: outcome.companyId,
          recipientsHash: personHash(person.address),
          redirected,
        });
        if (!state) continue;
        const deliveries = Object.values(state.attempt?.recipients ?? {});
        const text = deliveries
          .map((delivery) =>
            delivery.status !== 'delivered' && delivery.status !== 'delayed' && delivery.detail
              ? `${delivery.status} (${delivery.detail})`
              : delivery.status,
          )
          .join(' · ');
        status.set(person, text || `${state.status}, no SES event yet`);
      }
    }
  } finally {
    client.destroy();
  }
  return status;
};
