/**
 * A pass-through that counts the AWS calls going through it, by operation: in front of the local
 * DynamoDB (the `X-Amz-Target` header names the operation) and the local S3 (method and whether the
 * path names an object), for the load bench's "AWS calls per email". Dev and bench only.
 */
import type { IncomingMessage } from 'node:http';
import { forwardRequest, startLocalHttpServer } from './local-http-server.ts';

export interface CountingProxy {
  url: string;
  /** Calls seen, by operation ("UpdateItem", "GetItem", "PUT object", …). */
  counts: Map<string, number>;
  close(): Promise<void>;
}

/** DynamoDB's operation from its JSON protocol header; for S3 the method and the kind of path. */
export const operationOf = (incoming: IncomingMessage): string => {
  const target = incoming.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  const path = new URL(incoming.url ?? '/', 'http://local').pathname;
  return `${incoming.method ?? 'GET'} ${path.split('/').filter(Boolean).length > 1 ? 'object' : 'bucket'}`;
};

export const startCountingProxy = async (target: string): Promise<CountingProxy> => {
  const upstream = new URL(target);
  const counts = new Map<string, number>();
  const server = await startLocalHttpServer((incoming, body, response) => {
    const operation = operationOf(incoming);
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
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
  });
  return { url: server.url, counts, close: server.close };
};
