import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LambdaFunctionURLEvent } from 'aws-lambda';

/**
 * A Lambda Function URL on localhost: turns each HTTP request into the Function URL event (payload
 * 2.0) and the handler's result back into the HTTP answer, for the real functions/unsubscribe handler.
 * The handler reads its environment (suppression table, key secret) like in Lambda.
 */
export interface LocalFunctionUrl {
  url: string;
  close(): Promise<void>;
}

type UrlHandler = (
  event: LambdaFunctionURLEvent,
) => Promise<{ statusCode?: number; headers?: Record<string, string | number | boolean>; body?: string }>;

export const startLocalFunctionUrl = async (handler: () => Promise<UrlHandler>): Promise<LocalFunctionUrl> => {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const body = Buffer.concat(chunks);
      const event = {
        version: '2.0',
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
        headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)])),
        // Function URLs base64-encode bodies they do not treat as text; do the same for forms.
        body: body.length > 0 ? body.toString('base64') : undefined,
        isBase64Encoded: body.length > 0,
        requestContext: { http: { method: request.method ?? 'GET', path: url.pathname } },
      } as unknown as LambdaFunctionURLEvent;
      handler()
        .then((fn) => fn(event))
        .then((result) => {
          response.writeHead(
            result.statusCode ?? 200,
            Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)])),
          );
          response.end(result.body ?? '');
        })
        .catch((error: unknown) => {
          response.writeHead(502, { 'content-type': 'text/plain' });
          response.end(`function error: ${error instanceof Error ? error.message : String(error)}`);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
