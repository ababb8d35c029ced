import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCountingProxy, type CountingProxy } from '../../dev/stand-ins/counting-proxy.ts';
import { startLocalHttpServer, type LocalHttpServer } from '../../dev/stand-ins/local-http-server.ts';

/** The bench's AWS call counter in front of a stand-in that answers every request 200 "ok". */
let upstream: LocalHttpServer;
let proxy: CountingProxy;

beforeAll(async () => {
  upstream = await startLocalHttpServer((_incoming, _body, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('ok');
  });
  proxy = await startCountingProxy(upstream.url);
});
afterAll(async () => {
  await proxy.close();
  await upstream.close();
});

describe('startCountingProxy', () => {
  it('passes every call through and counts DynamoDB operations and S3 object and bucket calls', async () => {
    const dynamo = (operation: string) =>
      fetch(proxy.url, { method: 'POST', headers: { 'x-amz-target': `DynamoDB_20120810.${operation}` }, body: '{}' });

    const answers = [
      await dynamo('UpdateItem'),
      await dynamo('UpdateItem'),
      await dynamo('GetItem'),
      await fetch(`${proxy.url}/archive/demo/2026-04/1/message.eml`, { method: 'PUT', body: 'x' }),
      await fetch(`${proxy.url}/archive?list-type=2`),
    ];

    expect(await Promise.all(answers.map((answer) => answer.text()))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(Object.fromEntries(proxy.counts)).toEqual({ UpdateItem: 2, GetItem: 1, 'PUT object': 1, 'GET bucket': 1 });
  });
});
