import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../../dev/stand-ins/dynamodb-local.ts';

let dynamo: LocalDynamo;
const Key = { pk: 'stand-in', sk: 'condition' };
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the condition to fail');
    },
    (error: unknown) => error as ConditionalCheckFailedException,
  );

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  await dynamo.documents.send(new PutCommand({ TableName: dynamo.tableName, Item: { ...Key, holder: 'a', n: 1 } }));
});
afterAll(() => dynamo.close());

describe('local DynamoDB (dynalite) as the ledger uses it', () => {
  it('answers a failed condition with the item that failed it when asked, as DynamoDB does', async () => {
    const update = (extra: object) =>
      new UpdateCommand({
        TableName: dynamo.tableName,
        Key,
        UpdateExpression: 'SET holder = :b',
        ConditionExpression: 'attribute_not_exists(holder)',
        ExpressionAttributeValues: { ':b': 'b' },
        ...extra,
      });

    const asked = await failure(dynamo.documents.send(update({ ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })));
    const notAsked = await failure(dynamo.documents.send(update({})));

    expect(asked).toBeInstanceOf(ConditionalCheckFailedException);
    expect(asked.Item).toEqual({ pk: { S: 'stand-in' }, sk: { S: 'condition' }, holder: { S: 'a' }, n: { N: '1' } });
    expect(notAsked.Item).toBeUndefined();
  });
});
