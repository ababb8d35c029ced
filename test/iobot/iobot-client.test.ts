import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIobotClient, IobotApiError } from '../../functions/iobot/iobot-client.ts';

const example = readFileSync(new URL('../fixtures/example-response.json', import.meta.url), 'utf8');
const API_KEY = 'k-123-very-secret';
const TOKEN = 'tok-456-very-secret';
// Letters and digits that appear nowhere else in a message, so any fragment of it is a leak.
const STRAY_KEY = 'Qz7-Wv9-Jx4-Pk2-Lm8';

type Step = (request: IncomingMessage, body: string, response: ServerResponse) => void;
const json =
  (status: number, payload: string): Step =>
  (_request, _body, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(payload);
  };

// A scripted server: each request consumes the next step; the last step repeats.
let steps: Step[] = [];
const seen: { headers: IncomingMessage['headers']; body: string }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ headers: request.headers, body });
      const step = steps.length > 1 ? steps.shift()! : steps[0]!;
      step(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  steps = [];
  seen.length = 0;
});

const request = (credentials: { apiKey: string } | { token: string } = { apiKey: API_KEY }) => ({
  businessId: 1,
  startDate: '2026-04-01T06:00:00.000Z',
  endDate: '2026-05-01T05:59:59.999Z',
  includeBusinesses: [1, 2],
  credentials,
});
const client = (timeoutMs = 2_000) => createIobotClient({ baseUrl, timeoutMs, retries: 3, minRetryDelayMs: 5, maxRetryDelayMs: 10 });

describe('IOBot client', () => {
  it('posts the documented body with the api key in x-api-key and parses the answer', async () => {
    steps = [json(200, example)];

    const result = await client().fetchMultiReport(request());

    expect(result.companies[0]?.data.nombre).toBe('Empresa Principal');
    expect(result.attempts).toBe(1);
    expect(seen[0]?.headers['x-api-key']).toBe(API_KEY);
    expect(JSON.parse(seen[0]!.body)).toEqual({
      businessId: 1,
      startDate: '2026-04-01T06:00:00.000Z',
      endDate: '2026-05-01T05:59:59.999Z',
      includeBusinesses: [1, 2],
    });
  });

  it('sends a session token in the body, not in a header', async () => {
    steps = [json(200, example)];

    await client().fetchMultiReport(request({ token: TOKEN }));

    expect(seen[0]?.headers['x-api-key']).toBeUndefined();
    expect(JSON.parse(seen[0]!.body).token).toBe(TOKEN);
  });

  it.each([500, 502, 503, 429])('retries a %i and succeeds', async (status) => {
    steps = [json(status, '{"message":"busy"}'), json(status, '{"message":"busy"}'), json(200, example)];

    const result = await client().fetchMultiReport(request());

    expect(result.attempts).toBe(3);
    expect(seen).toHaveLength(3);
  });

  it('gives up after the retries with the status and attempt count', async () => {
    steps = [json(503, '{"message":"down"}')];

    const error = await client()
      .fetchMultiReport(request())
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(IobotApiError);
    expect((error as Error).message).toMatch(/503.*after 4 attempts/s);
    expect(seen).toHaveLength(4);
  });

  it('fails fast on 400 (shared report not enabled) with a clear message', async () => {
    steps = [json(400, '{"message":"El Reporte Compartido no está habilitado"}')];

    const error = await client()
      .fetchMultiReport(request())
      .catch((caught: unknown) => caught);

    expect(seen).toHaveLength(1);
    expect((error as IobotApiError).status).toBe(400);
    expect((error as Error).message).toMatch(/aquatec_shared_report/);
  });

  it('fails fast on 401 and never echoes the credentials', async () => {
    // A hostile or careless server that reflects the key back.
    steps = [json(401, JSON.stringify({ message: `bad key ${API_KEY}` }))];

    const error = await client()
      .fetchMultiReport(request())
      .catch((caught: unknown) => caught);

    expect(seen).toHaveLength(1);
    expect((error as Error).message).toMatch(/401/);
    expect((error as Error).message).not.toContain(API_KEY);
    expect((error as Error).message).toContain('[redacted]');
  });

  it.each(Array.from({ length: 2 * STRAY_KEY.length + 1 }, (_, index) => index - STRAY_KEY.length))(
    'never leaks any part of a key that straddles the 200-character cut (key starts %i from it)',
    async (shift) => {
      // prepare: the echoed key, in another case, starts `shift` characters from where the body is cut.
      const echo = STRAY_KEY.toUpperCase();
      const padding = 'x'.repeat(200 + shift);
      steps = [json(401, `${padding}${echo}${'y'.repeat(300)}`)];

      // act
      const error = await client()
        .fetchMultiReport(request({ apiKey: STRAY_KEY }))
        .catch((caught: unknown) => caught);

      // assert: no fragment of the key of 4+ characters survives, in any case
      const message = (error as Error).message.toLowerCase();
      expect(message).toMatch(/^iobot answered 401/);
      for (let length = 4; length <= STRAY_KEY.length; length += 1) {
        for (let start = 0; start + length <= STRAY_KEY.length; start += 1) {
          expect(message).not.toContain(STRAY_KEY.slice(start, start + length).toLowerCase());
        }
      }
    },
  );

  it.each([301, 302, 303, 307, 308])('never follows a %i: no credentials reach the other host, a clear error, no retry', async (status) => {
    // prepare: another server that would happily take the key and answer with report data.
    const elsewhere: IncomingMessage[] = [];
    const other = createServer((incoming, response) => {
      elsewhere.push(incoming);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(example);
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherPort = (other.address() as AddressInfo).port;
    steps = [
      (_request, _body, response) => {
        response.writeHead(status, { location: `http://localhost:${otherPort}/steal?apiKey=${API_KEY}&next=1` });
        response.end();
      },
    ];

    // act
    const error = await client()
      .fetchMultiReport(request())
      .catch((caught: unknown) => caught)
      .finally(() => new Promise<void>((resolve) => other.close(() => resolve())));

    // assert
    expect(elsewhere).toHaveLength(0);
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(IobotApiError);
    expect((error as IobotApiError).status).toBe(status);
    expect((error as Error).message).toBe(
      `IOBot answered ${status} redirecting to localhost:${otherPort}; redirects are never followed (the credentials go only to the configured API), so check apiBaseUrl`,
    );
  });

  it.each([
    ['http://[not-a-host/x?apiKey=1', 'an unreadable location'],
    [undefined, 'no location'],
  ])('names a redirect to %s plainly', async (location, named) => {
    steps = [
      (_request, _body, response) => {
        response.writeHead(302, location ? { location } : {});
        response.end();
      },
    ];

    const error = await client()
      .fetchMultiReport(request())
      .catch((caught: unknown) => caught);

    expect(seen).toHaveLength(1);
    expect((error as Error).message).toMatch(new RegExp(`^IOBot answered 302 redirecting to ${named}; redirects are never followed`));
  });

  it('stops reading an oversized answer near the cap: a clear error, no retry, bounded memory', async () => {
    // prepare: a chunked body (no Content-Length) that would run to 256 MiB if read whole.
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const available = 256 * 1024 * 1024;
    let written = 0;
    steps = [
      (_request, _body, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"data": [');
        const pump = () => {
          while (written < available && !response.destroyed) {
            written += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          response.end();
        };
        pump();
      },
    ];
    const cap = 1024 * 1024;
    const before = process.memoryUsage();

    // act
    const error = await createIobotClient({ baseUrl, timeoutMs: 20_000, retries: 3, minRetryDelayMs: 5, maxResponseBytes: cap })
      .fetchMultiReport(request())
      .catch((caught: unknown) => caught);

    // assert
    const after = process.memoryUsage();
    expect((error as Error).message).toBe(
      `IOBot's answer is larger than the limit of 1,048,576 bytes (IOBOT_MAX_RESPONSE_BYTES); stopped reading it. A real group's answer is far smaller: check the request's range and includeBusinesses`,
    );
    expect((error as IobotApiError).retryable).toBe(false);
    expect(seen).toHaveLength(1);
    // What left the server is the cap plus what the sockets buffer on the way: nowhere near the whole body.
    expect(written).toBeLessThan(cap + 32 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(96 * 1024 * 1024);
  });

  it('refuses an answer whose Content-Length is over the cap without reading it', async () => {
    steps = [json(200, JSON.stringify({ data: [], padding: 'x'.repeat(4096) }))];

    const error = await createIobotClient({ baseUrl, retries: 3, minRetryDelayMs: 5, maxResponseBytes: 1024 })
      .fetchMultiReport(request())
      .catch((caught: unknown) => caught);

    expect(seen).toHaveLength(1);
    expect((error as Error).message).toMatch(/^IOBot's answer is larger than the limit of 1,024 bytes \(IOBOT_MAX_RESPONSE_BYTES\)/);
  });

  it('accepts an answer exactly at the cap', async () => {
    const payload = JSON.stringify({ data: [] });
    steps = [json(200, payload)];

    const result = await createIobotClient({ baseUrl, maxResponseBytes: Buffer.byteLength(payload) }).fetchMultiReport(request());

    expect(result.companies).toEqual([]);
  });

  it('retries on a timeout and says how long it waited', async () => {
    steps = [() => undefined];

    const error = await client(100)
      .fetchMultiReport(request())
      .catch((caught: unknown) => caught);

    expect((error as Error).message).toMatch(/no answer within 100 ms.*after 4 attempts/s);
  });

  it('retries a truncated body, then reports it as invalid JSON', async () => {
    steps = [json(200, example.slice(0, 300))];

    const error = await client()
      .fetchMultiReport(request())
      .catch((caught: unknown) => caught);

    expect(seen).toHaveLength(4);
    expect((error as Error).message).toMatch(/not valid JSON/);
  });

  it('isolates a malformed company: the others are returned, the bad one is named with its path', async () => {
    const payload = JSON.parse(example);
    const broken = { ...structuredClone(payload.data[0]), data: { ...payload.data[0].data, id: 2, nombre: 'Rota' }, salesCount: 'muchas' };
    payload.data.push(broken);
    steps = [json(200, JSON.stringify(payload))];

    const result = await client().fetchMultiReport(request());

    expect(result.companies.map((company) => company.data.id)).toEqual([1]);
    expect(result.invalid).toEqual([expect.objectContaining({ index: 1, id: 2, nombre: 'Rota' })]);
    expect(result.invalid[0]?.error).toContain('data[1].salesCount');
  });

  it('fails both entries that claim the same company id, and keeps the others', async () => {
    // prepare: entry 0 and entry 2 both say they are company 1; entry 1 is company 2.
    const payload = JSON.parse(example);
    const first = payload.data[0];
    payload.data = [
      first,
      { ...structuredClone(first), data: { ...first.data, id: 2, nombre: 'Otra' } },
      { ...structuredClone(first), data: { ...first.data, nombre: 'Impostora' } },
    ];
    steps = [json(200, JSON.stringify(payload))];

    // act
    const result = await client().fetchMultiReport(request());

    // assert
    expect(result.companies.map((company) => company.data.id)).toEqual([2]);
    expect(result.invalid).toEqual([
      {
        index: 0,
        id: 1,
        nombre: 'Empresa Principal',
        error:
          'IOBot answer has 2 entries for company 1 (data[0] "Empresa Principal", data[2] "Impostora"): none of them is used, since which one is right cannot be told',
      },
      expect.objectContaining({ index: 2, id: 1, nombre: 'Impostora' }),
    ]);
  });

  it('fails a valid entry whose id is shared with a malformed one', async () => {
    const payload = JSON.parse(example);
    const first = payload.data[0];
    payload.data = [first, { ...structuredClone(first), salesCount: 'muchas' }];
    steps = [json(200, JSON.stringify(payload))];

    const result = await client().fetchMultiReport(request());

    expect(result.companies).toEqual([]);
    expect(result.invalid.map((entry) => [entry.index, entry.id])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(result.invalid[1]?.error).toMatch(/^IOBot answer has 2 entries for company 1 .*\n.*data\[1\]\.salesCount/s);
  });

  it('rejects an answer without a data array, naming the field, without retrying', async () => {
    steps = [json(200, '{"datos": []}')];

    const error = await client()
      .fetchMultiReport(request())
      .catch((caught: unknown) => caught);

    expect(seen).toHaveLength(1);
    expect((error as Error).message).toMatch(/^IOBot answer does not match the report schema:\ndata: /);
  });
});
