import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MULTI_REPORT_PATH, startIobotSimulator, type IobotSimulator } from '../../../dev/stand-ins/iobot-simulator.ts';
import { multiReport } from '../../../dev/synthetic/company-report.ts';
import { defaultGroup } from '../../../dev/synthetic/groups.ts';
import type { SimMultiReport } from '../../../dev/synthetic/vendor-answer.ts';
import { multiReportResponseSchema } from '../../../functions/iobot/report-schema.ts';

const API_KEY = 'test-key-0f3a';
const TOKEN = 'test-token-9c1d';
const APRIL = { startDate: '2026-04-01T06:00:00.000Z', endDate: '2026-05-01T05:59:59.999Z' };
const REPORT_REQUEST = { businessId: 1, ...APRIL };

let simulator: IobotSimulator;

const post = (body: unknown, headers: Record<string, string> = { 'x-api-key': API_KEY }, init: RequestInit = {}, target = simulator) =>
  fetch(`${target.url}${MULTI_REPORT_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...init,
  });

const report = async (body: unknown = REPORT_REQUEST): Promise<SimMultiReport> => {
  const response = await post(body);
  expect(response.status).toBe(200);
  return (await response.json()) as SimMultiReport;
};

beforeAll(async () => {
  simulator = await startIobotSimulator({ apiKey: API_KEY, token: TOKEN });
});

afterEach(() => {
  simulator.clearFaults();
});

afterAll(async () => {
  await simulator.close();
});

describe('IOBot simulator: auth', () => {
  it.each([
    ['no credentials', {}, REPORT_REQUEST],
    ['a wrong x-api-key', { 'x-api-key': 'nope' }, REPORT_REQUEST],
    ['a wrong x-iobot-key', { 'x-iobot-key': 'nope' }, REPORT_REQUEST],
    ['the api key sent as the body token', {}, { ...REPORT_REQUEST, token: API_KEY }],
    ['a wrong body token', {}, { ...REPORT_REQUEST, token: 'nope' }],
  ])('answers 401 with %s', async (_case, headers, body) => {
    const response = await post(body, headers);

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'No autorizado' });
  });

  it.each([
    ['x-api-key', { 'x-api-key': API_KEY }, REPORT_REQUEST],
    ['x-iobot-key', { 'x-iobot-key': API_KEY }, REPORT_REQUEST],
    ['a body token', {}, { ...REPORT_REQUEST, token: TOKEN }],
  ])('answers 200 with %s', async (_case, headers, body) => {
    const response = await post(body, headers);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('records how a request authenticated, never the secret itself', async () => {
    const before = simulator.requests.length;

    await post({ ...REPORT_REQUEST, token: TOKEN }, { 'x-iobot-key': API_KEY });

    const recorded = simulator.requests.slice(before);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      method: 'POST',
      path: MULTI_REPORT_PATH,
      status: 200,
      auth: { presented: ['x-iobot-key', 'token'], valid: true },
      body: { businessId: 1, token: '[redacted]' },
    });
    const stored = JSON.stringify(simulator.requests);
    expect(stored).not.toContain(API_KEY);
    expect(stored).not.toContain(TOKEN);
  });

  it('ignores a JSON body sent without a JSON content type, like an express.json() backend', async () => {
    const response = await fetch(`${simulator.url}${MULTI_REPORT_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ ...REPORT_REQUEST, token: TOKEN }),
    });

    expect(response.status).toBe(401);
  });
});

describe('IOBot simulator: requests it refuses', () => {
  it('answers 400 when the business is not the root of a shared report', async () => {
    const response = await post({ ...REPORT_REQUEST, businessId: 2 });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/Reporte Compartido no está habilitado/);
  });

  it('answers 400 when the shared report is disabled on the root', async () => {
    const disabled = await startIobotSimulator({ apiKey: API_KEY, sharedReportEnabled: false });
    try {
      const response = await post(REPORT_REQUEST, { 'x-api-key': API_KEY }, {}, disabled);

      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(/Reporte Compartido/);
    } finally {
      await disabled.close();
    }
  });

  it.each([
    ['businessId', { startDate: APRIL.startDate, endDate: APRIL.endDate }],
    ['businessId', { ...REPORT_REQUEST, businessId: '1' }],
    ['startDate', { businessId: 1, endDate: APRIL.endDate }],
    ['startDate', { ...REPORT_REQUEST, startDate: '1 de abril' }],
    ['startDate', { ...REPORT_REQUEST, startDate: '2026-04-01T00:00:00' }],
    ['endDate', { businessId: 1, startDate: APRIL.startDate }],
    ['startDate', { ...REPORT_REQUEST, startDate: APRIL.endDate, endDate: APRIL.startDate }],
    ['includeBusinesses', { ...REPORT_REQUEST, includeBusinesses: '1,2' }],
    ['includeBusinesses', { ...REPORT_REQUEST, includeBusinesses: [1, '2'] }],
  ])('answers 400 naming %s for %j', async (field, body) => {
    const response = await post(body);

    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain(field);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await post(undefined, { 'x-api-key': API_KEY }, { body: '{"businessId": 1,' });

    expect(response.status).toBe(400);
  });

  it('answers 404 for another path and 405 for another method', async () => {
    const notFound = await fetch(`${simulator.url}/empresas/data-report`, { method: 'POST' });
    const wrongMethod = await fetch(`${simulator.url}${MULTI_REPORT_PATH}`);

    expect(notFound.status).toBe(404);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('refuses to start with two companies sharing an id', async () => {
    const [root] = defaultGroup();

    await expect(startIobotSimulator({ companies: [root!, { ...root!, nombre: 'Copia' }] })).rejects.toThrow(/id 1/);
  });
});

describe('IOBot simulator: reports', () => {
  it('answers the whole group by default, and parses with the mailer schema', async () => {
    const answer = await report();

    expect(answer).toEqual(multiReport(defaultGroup(), APRIL));
    expect(multiReportResponseSchema.safeParse(answer).success).toBe(true);
  });

  it('filters with includeBusinesses, ignoring ids outside the group', async () => {
    const answer = await report({ ...REPORT_REQUEST, includeBusinesses: [3, 1, 999] });

    expect(answer.data.map((company) => company.data.id)).toEqual([1, 3]);
  });

  it('gives the same body to the same request', async () => {
    const first = await (await post(REPORT_REQUEST)).text();
    const second = await (await post(REPORT_REQUEST)).text();

    expect(second).toBe(first);
  });

  it('adds up: April counts equal April 1-15 plus April 16-30', async () => {
    const month = await report({ businessId: 1, startDate: '2026-04-01T00:00:00.000Z', endDate: '2026-04-30T23:59:59.999Z' });
    const first = await report({ businessId: 1, startDate: '2026-04-01T00:00:00.000Z', endDate: '2026-04-15T23:59:59.999Z' });
    const second = await report({ businessId: 1, startDate: '2026-04-16T00:00:00.000Z', endDate: '2026-04-30T23:59:59.999Z' });

    const counts = (answer: SimMultiReport, index: number) => {
      const company = answer.data[index];
      return [company?.conversaciones, company?.salesCount, company?.salesAmount, company?.quotationsCount];
    };
    month.data.forEach((_, index) => {
      const halves = counts(first, index).map((value, field) => (value ?? 0) + (counts(second, index)[field] ?? 0));
      expect(halves).toEqual(counts(month, index));
    });
    expect(month.data[0]?.conversaciones).toBeGreaterThan(0);
  });
});

describe('IOBot simulator: faults', () => {
  it('answers injected statuses in order, with Retry-After, then recovers', async () => {
    simulator.inject({ kind: 'status', status: 503 });
    simulator.inject({ kind: 'status', status: 429, retryAfterSeconds: 7 });
    simulator.inject({ kind: 'status', status: 500, body: { error: 'boom' } });

    const unavailable = await post(REPORT_REQUEST);
    const throttled = await post(REPORT_REQUEST);
    const failed = await post(REPORT_REQUEST);
    const recovered = await post(REPORT_REQUEST);

    expect(unavailable.status).toBe(503);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'boom' });
    expect(recovered.status).toBe(200);
  });

  it('does not spend faults on other paths, and clearFaults drops them', async () => {
    simulator.inject({ kind: 'status', status: 503 });
    await fetch(`${simulator.url}/health`);

    const faulty = await post(REPORT_REQUEST);
    simulator.inject({ kind: 'status', status: 503 });
    simulator.clearFaults();
    const clean = await post(REPORT_REQUEST);

    expect(faulty.status).toBe(503);
    expect(clean.status).toBe(200);
  });

  it('stalls long enough for a client timeout to fire', async () => {
    simulator.inject({ kind: 'stall', ms: 10_000 });
    const started = Date.now();

    const attempt = post(REPORT_REQUEST, { 'x-api-key': API_KEY }, { signal: AbortSignal.timeout(200) });

    await expect(attempt).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers normally after a short stall', async () => {
    simulator.inject({ kind: 'stall', ms: 150 });
    const started = Date.now();

    const response = await post(REPORT_REQUEST);

    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('sends a 200 whose body is not JSON', async () => {
    simulator.inject({ kind: 'malformed-json' });

    const response = await post(REPORT_REQUEST);

    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('cuts the body half-way', async () => {
    simulator.inject({ kind: 'truncated' });

    const read = async () => (await post(REPORT_REQUEST)).text();

    await expect(read()).rejects.toThrow();
    expect(simulator.requests.at(-1)).toMatchObject({ fault: 'truncated', status: 200 });
  });

  it('resets the connection without answering', async () => {
    simulator.inject({ kind: 'reset' });

    await expect(post(REPORT_REQUEST)).rejects.toThrow(/fetch failed/);
    expect(simulator.requests.at(-1)).toMatchObject({ fault: 'reset' });
    expect(simulator.requests.at(-1)?.status).toBeUndefined();
  });

  it('transforms the normal answer into hostile data', async () => {
    simulator.inject({
      kind: 'transform',
      fn: (body) => ({
        data: body.data.map((company) => ({
          ...company,
          data: { ...company.data, nombre: '<script>alert(1)</script>', img_wa: 'http://evil.example/x.png' },
          salesCount: String(company.salesCount),
          conversaciones: null,
          quotationsCount: -5,
        })),
      }),
    });

    const answer = (await (await post(REPORT_REQUEST)).json()) as { data: Record<string, unknown>[] };

    expect(answer.data[0]).toMatchObject({
      data: { nombre: '<script>alert(1)</script>', img_wa: 'http://evil.example/x.png' },
      conversaciones: null,
      quotationsCount: -5,
    });
    expect(typeof answer.data[0]?.salesCount).toBe('string');
  });

  it('closes promptly while a request is stalled', async () => {
    const stalled = await startIobotSimulator({ apiKey: API_KEY });
    stalled.inject({ kind: 'stall', ms: 60_000 });
    const pending = post(REPORT_REQUEST, { 'x-api-key': API_KEY }, {}, stalled).catch((error: unknown) => error);
    while (stalled.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();

    await stalled.close();

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('answers the same bytes when memoized, and precompute fills the answers in advance', async () => {
    // prepare
    const memoized = await startIobotSimulator({ apiKey: API_KEY, memoize: true });
    try {
      const computed = memoized.precompute([APRIL]);

      // act
      const fromMemo = await (await post(REPORT_REQUEST, { 'x-api-key': API_KEY }, {}, memoized)).text();
      const fresh = await (await post(REPORT_REQUEST)).text();

      // assert: the request found every answer computed, and a second precompute has nothing left to do
      expect(computed).toBe(defaultGroup().length);
      expect(memoized.precompute([APRIL])).toBe(0);
      expect(fromMemo).toBe(fresh);
      expect(JSON.parse(fromMemo)).toEqual(multiReport(defaultGroup(), APRIL));
    } finally {
      await memoized.close();
    }
  });

  it('refuses precompute without memoize', () => {
    expect(() => simulator.precompute([APRIL])).toThrow(/memoize: true/);
  });
});
