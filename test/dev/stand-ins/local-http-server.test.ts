import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { forwardRequest, startLocalHttpServer, type LocalHttpServer } from '../../../dev/stand-ins/local-http-server.ts';

const post = (url: string, path: string, body: string, agent?: Agent) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const outgoing = request(`${url}${path}`, { method: 'POST', headers: { 'x-test': 'yes' }, agent }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });

describe('local-http-server', () => {
  const servers: LocalHttpServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('forwards path, method, headers and the whole body, and hands back the answer', async () => {
    // prepare
    const upstream = await startLocalHttpServer((incoming, body, response) => {
      response.writeHead(201, { 'content-type': 'text/plain' });
      response.end(`${incoming.method} ${incoming.url} ${incoming.headers['x-test']} ${body.toString('utf8')}`);
    });
    const proxy = await startLocalHttpServer((incoming, body, response) =>
      forwardRequest(
        new URL(upstream.url),
        incoming,
        body,
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
        () => response.end('unreachable'),
      ),
    );
    servers.push(upstream, proxy);

    // act
    const answer = await post(proxy.url, '/a?b=1', 'x'.repeat(200_000));

    // assert
    expect(answer.status).toBe(201);
    expect(answer.body).toBe(`POST /a?b=1 yes ${'x'.repeat(200_000)}`);
  });

  it('reports a connection failure to onError', async () => {
    // prepare
    const gone = await startLocalHttpServer((_incoming, _body, response) => response.end());
    await gone.close();
    const proxy = await startLocalHttpServer((incoming, body, response) =>
      forwardRequest(
        new URL(gone.url),
        incoming,
        body,
        () => response.end('answered'),
        (error) => {
          response.writeHead(502);
          response.end(`failed: ${error.message}`);
        },
      ),
    );
    servers.push(proxy);

    // act
    const answer = await post(proxy.url, '/', 'x');

    // assert
    expect(answer.status).toBe(502);
    expect(answer.body).toMatch(/^failed: .*ECONNREFUSED/);
  });

  it('counts connections and closes while a keep-alive client still holds one', async () => {
    // prepare
    let connections = 0;
    const server = await startLocalHttpServer(
      (_incoming, _body, response) => response.end('ok'),
      () => {
        connections += 1;
      },
    );
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });

    // act
    await post(server.url, '/', '1', agent);
    await post(server.url, '/', '2', agent);
    await server.close();

    // assert
    expect(connections).toBe(1);
    await expect(post(server.url, '/', '3')).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });
});
