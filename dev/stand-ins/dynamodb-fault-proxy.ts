import type { IncomingMessage, ServerResponse } from 'node:http';
import { forwardRequest, startLocalHttpServer } from './local-http-server.ts';

/**
 * A pass-through in front of the local DynamoDB that fails chosen ledger writes on purpose, for the
 * fault-injection tests: the fault sits at the DynamoDB boundary, so the ledger code under test is the
 * production code, unchanged.
 */
export interface DynamoRequest {
  /** The operation, e.g. "UpdateItem" (from the X-Amz-Target header). */
  operation: string;
  /** The request's JSON body (DynamoDB's wire format: `{ ":status": { "S": "sent" } }` and so on). */
  body: Record<string, unknown>;
}

export type DynamoFault =
  | { kind: 'pass' }
  /** Answer matching requests with a 500 InternalServerError (the SDK retries, then gives up). */
  | { kind: 'fail'; when: (request: DynamoRequest) => boolean }
  /** Never answer matching requests: the caller hangs, like a Lambda killed at that moment. */
  | { kind: 'black-hole'; when: (request: DynamoRequest) => boolean };

export interface DynamoFaultProxy {
  url: string;
  fault: DynamoFault;
  /** Requests the fault matched since the proxy started. */
  matched: DynamoRequest[];
  close(): Promise<void>;
}

/**
 * True for the send ledger's UpdateItem that writes this attempt status: "handing" is the claim (the
 * hand-over, with its attempt), "sent", "rejected" and "not-sent" the answers.
 */
export const updateWriting =
  (status: 'handing' | 'sent' | 'rejected' | 'not-sent') =>
  ({ operation, body }: DynamoRequest): boolean => {
    const expression = String(body.UpdateExpression ?? '');
    if (operation !== 'UpdateItem') return false;
    if (status === 'handing') return expression.startsWith('SET claimId = ');
    const placeholder = /#attempt\.#status = (:\w+)/.exec(expression)?.[1];
    const values = (body.ExpressionAttributeValues ?? {}) as Record<string, { S?: string }>;
    return placeholder !== undefined && values[placeholder]?.S === status;
  };

export const startDynamoFaultProxy = async (target: string): Promise<DynamoFaultProxy> => {
  const upstream = new URL(target);
  const state: DynamoFaultProxy = { url: '', fault: { kind: 'pass' }, matched: [], close: async () => undefined };

  const forward = (incoming: IncomingMessage, body: Buffer, response: ServerResponse) =>
    forwardRequest(
      upstream,
      incoming,
      body,
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
      () => {
        response.writeHead(502);
        response.end();
      },
    );

  const server = await startLocalHttpServer((incoming, body, response) => {
    const fault = state.fault;
    if (fault.kind === 'pass') return forward(incoming, body, response);
    const operation =
      String(incoming.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    const request: DynamoRequest = { operation, body: JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown> };
    if (!fault.when(request)) return forward(incoming, body, response);
    state.matched.push(request);
    if (fault.kind === 'black-hole') return;
    response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'injected ledger failure' }));
  });
  state.url = server.url;
  state.close = server.close;
  return state;
};
