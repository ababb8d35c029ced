/**
 * A stand-in for the part of the Lambda API `npm run config:diff -- --deployed` uses: GetFunction (its
 * environment, and a code URL) and the code zip behind that URL, for functions given in memory.
 * The real SDK client talks to it through `AWS_ENDPOINT_URL_LAMBDA` or an explicit endpoint.
 */
import { startLocalHttpServer, type LocalHttpServer } from './local-http-server.ts';

export interface LocalFunction {
  environment: Record<string, string>;
  /** The code package, a zip. */
  code: Uint8Array;
  lastModified?: string;
}

const GET_FUNCTION = /^\/2015-03-31\/functions\/([^/]+)$/;

export const startLocalLambdaApi = async (functions: Record<string, LocalFunction>): Promise<LocalHttpServer> => {
  let url = '';
  const server = await startLocalHttpServer((incoming, _body, response) => {
    const path = new URL(incoming.url ?? '/', 'http://lambda').pathname;
    const name = decodeURIComponent(GET_FUNCTION.exec(path)?.[1] ?? path.replace(/^\/code\//, ''));
    const fn = functions[name];
    if (!fn) {
      response.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
      response.end(JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }));
    } else if (path.startsWith('/code/')) {
      response.writeHead(200, { 'content-type': 'application/zip' });
      response.end(Buffer.from(fn.code));
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          Configuration: {
            FunctionName: name,
            LastModified: fn.lastModified ?? '2026-11-01T10:00:00.000+0000',
            Environment: { Variables: fn.environment },
          },
          Code: { RepositoryType: 'S3', Location: `${url}/code/${encodeURIComponent(name)}?X-Amz-Signature=local` },
        }),
      );
    }
  });
  url = server.url;
  return server;
};
