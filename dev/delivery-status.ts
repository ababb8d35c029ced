import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoLedger, recipientsHash } from '../functions/ledger/send-ledger.ts';
import type { EmailOutcome } from '../functions/report-mailer/run-summary.ts';
import type { LocalStack } from './local-stack.ts';

/**
 * What the ledger says reached each recipient, after the local stack fed the consumer the SES events:
 * "delivered 2 · bounced 1 (bounce@example.com: Permanent/General: …)" per email, for `npm start`.
 */
export const deliveryStatusOf = async (
  stack: LocalStack,
  group: string,
  month: string,
  outcomes: readonly EmailOutcome[],
  redirected = false,
): Promise<Map<EmailOutcome, string>> => {
  const client = new DynamoDBClient({
    endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const ledger = createDynamoLedger(DynamoDBDocumentClient.from(client), { tableName: stack.env.LEDGER_TABLE_NAME as string });
  const status = new Map<EmailOutcome, string>();
  try {
    for (const outcome of outcomes) {
      if (!outcome.recipients || (outcome.status !== 'sent' && outcome.status !== 'skipped' && outcome.status !== 'uncertain')) continue;
      const state = await ledger.read({
        group,
        month,
        target: outcome.companyId,
        recipientsHash: recipientsHash(outcome.recipients),
        redirected,
      });
      if (!state) continue;
      const counts = new Map<string, number>();
      const problems: string[] = [];
      for (const [address, delivery] of Object.entries(state.recipients)) {
        counts.set(delivery.status, (counts.get(delivery.status) ?? 0) + 1);
        if (delivery.status !== 'delivered' && delivery.status !== 'delayed')
          problems.push(`${address}: ${delivery.detail ?? delivery.status}`);
      }
      const summary = [...counts].map(([name, count]) => `${name} ${count}`).join(' · ') || `${state.status}, no SES event yet`;
      status.set(outcome, problems.length ? `${summary} (${problems.join('; ')})` : summary);
    }
  } finally {
    client.destroy();
  }
  return status;
};
