import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

interface DynaliteValidation {
  types: Record<string, unknown>;
}
interface DynaliteConditionCheck {
  checkConditional(data: Record<string, unknown>, existing: Record<string, unknown> | undefined): DynaliteError | null | undefined;
}
interface DynaliteError extends Error {
  body: Record<string, unknown>;
}

/**
 * dynalite predates `ReturnValuesOnConditionCheckFailure`; DynamoDB answers a failed condition with
 * the item that failed it when asked (the send ledger reads its verdict from it). Its Put, Update and
 * Delete all check through `db.checkConditional` inside the item's lock, so wrapping it there returns
 * exactly the item the condition saw, as DynamoDB does (test/dev/stand-ins/dynamodb-local.test.ts).
 * Applied once per process.
 */
const returnItemOnConditionFailure = (() => {
  let applied = false;
  return () => {
    if (applied) return;
    applied = true;
    const require = createRequire(import.meta.url);
    // Its validation drops request fields it does not know: let this one through, as DynamoDB defines it.
    for (const action of ['putItem', 'updateItem', 'deleteItem']) {
      (require(`dynalite/validations/${action}`) as DynaliteValidation).types.ReturnValuesOnConditionCheckFailure = {
        type: 'String',
        enum: ['ALL_OLD', 'NONE'],
      };
    }
    const db = require('dynalite/db') as DynaliteConditionCheck;
    const check = db.checkConditional.bind(db);
    db.checkConditional = (data, existing) => {
      const failed = check(data, existing);
      if (failed && existing && data.ReturnValuesOnConditionCheckFailure === 'ALL_OLD') failed.body = { ...failed.body, Item: existing };
      return failed;
    };
  };
})();

/** An in-memory DynamoDB (dynalite) with the send ledger table, for the local run and tests. */
export interface LocalDynamo {
  url: string;
  tableName: string;
  /** A document client of this instance, as the functions build theirs (placeholder credentials). */
  documents: DynamoDBDocumentClient;
  close(): Promise<void>;
}

/** An on-demand table keyed like the CDK stack's tables: a string partition key and a string sort key. */
const createTable = async (url: string, tableName: string, partitionKey: string, sortKey: string): Promise<void> => {
  const client = new DynamoDBClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: partitionKey, AttributeType: 'S' },
        { AttributeName: sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
    }),
  );
  client.destroy();
};

export const startLocalDynamo = async (tableName = 'report-send-ledger'): Promise<LocalDynamo> => {
  returnItemOnConditionFailure();
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  // Same key schema as the CDK stack's ledger table.
  await createTable(url, tableName, 'pk', 'sk');
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  return {
    url,
    tableName,
    documents,
    close: () => {
      documents.destroy();
      return new Promise<void>((resolve, reject) => server.close((error?: Error) => (error ? reject(error) : resolve())));
    },
  };
};

/** The suppression list table (same key schema as the CDK stack's): pk `group`, sk `address`. */
export const createSuppressionTable = async (url: string, tableName = 'report-suppression-list'): Promise<string> => {
  await createTable(url, tableName, 'group', 'address');
  return tableName;
};
