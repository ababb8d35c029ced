/**
 * Addresses that unsubscribed, per report group: written by the unsubscribe endpoint, read by the
 * mailer (once a minute per group, suppression-snapshot.ts). A table of its own (pk `group`, sk
 * `address`) rather than items in the send ledger: no TTL (an unsubscribe does not expire), and each
 * function gets exactly one action on it (the endpoint PutItem, the mailer Query) without conditions on
 * key prefixes.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface Unsubscribe {
  group: string;
  address: string;
  /** ISO 8601 instant of the (first) unsubscribe. */
  at: string;
  /** `one-click` (the mail client's button, RFC 8058) or `form` (the confirmation page). */
  via: 'one-click' | 'form';
}

export interface SuppressionList {
  /** Idempotent: a second unsubscribe of the same address keeps the first date. */
  add(entry: Unsubscribe): Promise<void>;
  /** Every suppressed address of a group, lower-cased. */
  addresses(group: string): Promise<Set<string>>;
  /** Unsubscribes of a group whose date is in [from, to): for the operator report. */
  listNew(group: string, from: string, to: string): Promise<Unsubscribe[]>;
}

const queryAll = async (documents: DynamoDBDocumentClient, TableName: string, group: string): Promise<Unsubscribe[]> => {
  const items: Unsubscribe[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: '#group = :group',
        ExpressionAttributeNames: { '#group': 'group' },
        ExpressionAttributeValues: { ':group': group },
        ExclusiveStartKey,
      }),
    );
    items.push(...((page.Items ?? []) as Unsubscribe[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
};

export const createDynamoSuppressionList = (documents: DynamoDBDocumentClient, tableName: string): SuppressionList => ({
  async add(entry) {
    try {
      await documents.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...entry, address: entry.address.trim().toLowerCase() },
          ConditionExpression: 'attribute_not_exists(address)',
        }),
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    }
  },
  async addresses(group) {
    return new Set((await queryAll(documents, tableName, group)).map((item) => item.address));
  },
  async listNew(group, from, to) {
    return (await queryAll(documents, tableName, group))
      .filter((item) => item.at >= from && item.at < to)
      .sort((a, b) => a.at.localeCompare(b.at));
  },
});
