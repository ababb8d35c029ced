/**
 * A local stand-in for IOBot's `POST /empresas/data-report/multi` (dev and tests only).
 *
 * It answers like the documented API (auth, 400/401, includeBusinesses) over the seeded synthetic
 * data, records what it was asked (without secrets), and can be told to misbehave so the client's
 * timeouts, retries and validation can be exercised against a real socket.
 *
 *   npx tsx dev/stand-ins/iobot-simulator.ts [--port 4010] [--api-key local-dev-key] [--token t] [--seed 2026]
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { companyReport } from '../synthetic/company-report.ts';
import { defaultGroup } from '../synthetic/groups.ts';
import { DEFAULT_SEED } from '../synthetic/seeded-random.ts';
import type { SimCompany, SimRange } from '../synthetic/sim-company.ts';
import type { SimCompanyReport, SimMultiReport } from '../synthetic/vendor-answer.ts';

export const MULTI_REPORT_PATH = '/empresas/data-report/multi';
export const DEFAULT_API_KEY = 'local-dev-key';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Accepted in `x-api-key` or `x-iobot-key`. */
  apiKey?: string;
  /** Accepted as `token` in the body; when unset, no token is accepted. */
  token?: string;
  rootBusinessId?: number;
  /** `feature_flags.aquatec_shared_report` on the root business. */
  sharedReportEnabled?: boolean;
  companies?: SimCompany[];
  seed?: number;
  /**
   * Keep each company's answer for a range once computed (and let `precompute` fill them in advance):
   * the load bench's IOBot should not spend the cores the handler is measured on (generating a
   * company-month costs about 0.5 ms, 12,000 of them in a 2,000-company run).
   */
  memoize?: boolean;
}

/**
 * Misbehaviour for the next request to the endpoint; queued faults are used one per request, in
 * order. Requests to other paths do not consume them.
 */
export type Fault =
  /** Answer this status instead (before auth, like a failing proxy). A string body is sent as is. */
  | { kind: 'status'; status: number; body?: unknown; retryAfterSeconds?: number }
  /** Wait, then answer normally; gives up early if the client goes away. */
  | { kind: 'stall'; ms: number }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed-json' }
  /** The normal answer cut in half: full Content-Length announced, then the socket is destroyed. */
  | { kind: 'truncated' }
  /** The socket is destroyed without any response. */
  | { kind: 'reset' }
  /** The normal 200 answer passed through `fn`; non-200 answers are left alone. */
  | { kind: 'transform'; fn: (body: SimMultiReport) => unknown };

export type AuthMethod = 'x-api-key' | 'x-iobot-key' | 'token';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Request headers with the credential headers removed. */
  headers: IncomingHttpHeaders;
  /** Parsed JSON body with `token` replaced by "[redacted]"; undefined when not JSON. */
  body: unknown;
  /** Which credentials were presented (never their values) and whether one matched. */
  auth: { presented: AuthMethod[]; valid: boolean };
  fault?: Fault['kind'];
  /** Status answered; undefined while pending or when the socket was cut without an answer. */
  status?: number;
  receivedAt: Date;
}

export interface IobotSimulator {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:53219 */
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
  inject(fault: Fault): void;
  clearFaults(): void;
  /** With `memoize`: computes every company's answer for these ranges now, before a measured run; how many were new. */
  precompute(ranges: readonly SimRange[]): number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;
const SECRET_HEADERS = ['x-api-key', 'x-iobot-key', 'authorization', 'cookie'];
const REDACTED = '[redacted]';
// Like a strict ISO 8601 parser: a date, or a date-time with seconds optional and an explicit zone.
// A zone-less date-time would be read in the server's local time, which is never what a caller meant.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

const DEFAULT_STATUS_MESSAGES: Record<number, string> = {
  429: 'Demasiadas solicitudes, intenta más tarde',
  500: 'Error interno del servidor',
  502: 'Bad Gateway',
  503: 'Servicio no disponible',
  504: 'Gateway Timeout',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Answer {
  status: number;
  body: unknown;
}

interface ValidBody {
  businessId: number;
  startDate: string;
  endDate: string;
  includeBusinesses?: number[];
  token?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isIsoDate = (value: unknown): value is string =>
  typeof value === 'string' && ISO_8601.test(value) && Number.isFinite(Date.parse(value));

const validate = (body: Record<string, unknown>): ValidBody => {
  const { businessId, startDate, endDate, includeBusinesses } = body;
  if (typeof businessId !== 'number' || !Number.isFinite(businessId)) {
    throw new HttpError(400, 'El campo businessId es requerido y debe ser un número');
  }
  for (const [field, value] of [
    ['startDate', startDate],
    ['endDate', endDate],
  ] as const) {
    if (!isIsoDate(value)) {
      throw new HttpError(400, `El campo ${field} es requerido y debe ser una fecha ISO 8601 (ej. "2026-04-01T00:00:00.000Z")`);
    }
  }
  if (Date.parse(startDate as string) > Date.parse(endDate as string)) {
    throw new HttpError(400, 'El campo startDate debe ser anterior o igual a endDate');
  }
  if (
    includeBusinesses !== undefined &&
    !(Array.isArray(includeBusinesses) && includeBusinesses.every((id) => typeof id === 'number' && Number.isFinite(id)))
  ) {
    throw new HttpError(400, 'El campo includeBusinesses debe ser un arreglo de números');
  }
  return body as unknown as ValidBody;
};

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'El cuerpo de la solicitud es demasiado grande'));
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

const publicHeaders = (headers: IncomingHttpHeaders): IncomingHttpHeaders =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !SECRET_HEADERS.includes(name)));

const send = (response: ServerResponse, record: RecordedRequest, answer: Answer, extraHeaders: Record<string, string> = {}) => {
  const isText = typeof answer.body === 'string';
  const payload = Buffer.from(isText ? (answer.body as string) : JSON.stringify(answer.body));
  record.status = answer.status;
  response.writeHead(answer.status, {
    'content-type': isText ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': String(payload.length),
    ...extraHeaders,
  });
  response.end(payload);
};

export const startIobotSimulator = async (options: SimulatorOptions = {}): Promise<IobotSimulator> => {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const rootBusinessId = options.rootBusinessId ?? 1;
  const sharedReportEnabled = options.sharedReportEnabled ?? true;
  const companies = options.companies ?? defaultGroup();
  const seed = options.seed ?? DEFAULT_SEED;
  const duplicate = companies.find((company, index) => companies.findIndex((other) => other.id === company.id) !== index);
  if (duplicate) throw new Error(`Company id ${duplicate.id} appears twice in the simulator's group`);

  const memo = options.memoize ? new Map<string, SimCompanyReport>() : undefined;
  const reportOf = (company: SimCompany, range: SimRange): SimCompanyReport => {
    const key = `${company.id}|${Date.parse(String(range.startDate))}|${Date.parse(String(range.endDate))}`;
    let report = memo?.get(key);
    if (!report) {
      report = companyReport(company, range, seed);
      memo?.set(key, report);
    }
    return report;
  };

  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  // Ends early when the client gives up or close() drops the connection, so no timer outlives it.
  const stall = (ms: number, response: ServerResponse) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        response.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      response.once('close', done);
    });

  const authenticate = (headers: IncomingHttpHeaders, body: Record<string, unknown>): RecordedRequest['auth'] => {
    const presented: AuthMethod[] = [];
    let valid = false;
    for (const header of ['x-api-key', 'x-iobot-key'] as const) {
      const value = headers[header];
      if (value === undefined) continue;
      presented.push(header);
      valid ||= value === apiKey;
    }
    if (body.token !== undefined) {
      presented.push('token');
      valid ||= options.token !== undefined && body.token === options.token;
    }
    return { presented, valid };
  };

  // The documented behaviour, as status and body; faults are applied around it.
  const answer = (request: IncomingMessage, raw: Buffer, record: RecordedRequest): Answer => {
    let parsed: unknown = {};
    // Like express.json(): without a JSON content type the body is not read at all, so a client
    // that forgets the header fails here as it would against the real API.
    if (/^application\/json\b/i.test(request.headers['content-type'] ?? '') && raw.length > 0) {
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new HttpError(400, 'El cuerpo de la solicitud no es JSON válido');
      }
    }
    if (!isRecord(parsed)) throw new HttpError(400, 'El cuerpo de la solicitud debe ser un objeto JSON');
    record.body = 'token' in parsed ? { ...parsed, token: REDACTED } : parsed;
    record.auth = authenticate(request.headers, parsed);
    if (!record.auth.valid) throw new HttpError(401, 'No autorizado');

    const body = validate(parsed);
    if (!sharedReportEnabled || body.businessId !== rootBusinessId) {
      throw new HttpError(400, 'El Reporte Compartido no está habilitado para este negocio (feature_flags.aquatec_shared_report)');
    }
    // As documented, ids outside the group are ignored. An empty list is read like an absent one,
    // the usual `if (list?.length)` of a Node backend (a guess: the docs do not say).
    const wanted = body.includeBusinesses?.length ? new Set(body.includeBusinesses) : undefined;
    const selected = wanted ? companies.filter((company) => wanted.has(company.id)) : companies;
    const answer: SimMultiReport = { data: selected.map((company) => reportOf(company, body)) };
    return { status: 200, body: answer };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    const record: RecordedRequest = {
      method: request.method ?? '',
      path,
      headers: publicHeaders(request.headers),
      body: undefined,
      auth: { presented: [], valid: false },
      receivedAt: new Date(),
    };
    requests.push(record);

    if (path !== MULTI_REPORT_PATH) {
      request.resume();
      return send(response, record, { status: 404, body: { message: `Ruta no encontrada: ${request.method} ${path}` } });
    }
    if (request.method !== 'POST') {
      request.resume();
      return send(response, record, { status: 405, body: { message: 'Método no permitido, usa POST' } }, { allow: 'POST' });
    }

    const fault = faults.shift();
    if (fault) record.fault = fault.kind;
    let result: Answer;
    try {
      const raw = await readBody(request);
      if (fault?.kind === 'reset') {
        request.socket.destroy();
        return;
      }
      if (fault?.kind === 'status') {
        const body = fault.body ?? { message: DEFAULT_STATUS_MESSAGES[fault.status] ?? `Error simulado ${fault.status}` };
        const retryAfter: Record<string, string> =
          fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
        return send(response, record, { status: fault.status, body }, retryAfter);
      }
      if (fault?.kind === 'stall') {
        await stall(fault.ms, response);
        if (response.destroyed || request.socket.destroyed) return;
      }
      result = answer(request, raw, record);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      result = { status: error.status, body: { message: error.message } };
    }

    if (fault?.kind === 'malformed-json') {
      return send(
        response,
        record,
        { status: 200, body: '{"data": [{"data": {"id": 1, "nombre": "Emp<html><body>upstream error' },
        {
          'content-type': 'application/json; charset=utf-8',
        },
      );
    }
    if (fault?.kind === 'truncated') {
      const payload = Buffer.from(JSON.stringify(result.body));
      record.status = result.status;
      response.writeHead(result.status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(payload.length),
      });
      response.write(payload.subarray(0, Math.max(1, Math.floor(payload.length / 2))), () => response.destroy());
      return;
    }
    if (fault?.kind === 'transform' && result.status === 200) {
      result = { status: 200, body: fault.fn(result.body as SimMultiReport) };
    }
    send(response, record, result);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A bug in the simulator (or a throwing transform) must show up as a 500, not hang the client.
      console.error('iobot-simulator: request failed', error);
      if (!response.headersSent && !response.destroyed) {
        response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ message: 'Error interno del simulador' }));
      } else {
        response.destroy();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    apiKey,
    requests,
    inject: (fault) => {
      faults.push(fault);
    },
    clearFaults: () => {
      faults.length = 0;
    },
    precompute: (ranges) => {
      if (!memo) throw new Error('precompute needs a simulator started with memoize: true');
      const before = memo.size;
      for (const range of ranges) for (const company of companies) reportOf(company, range);
      return memo.size - before;
    },
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
};

const isMain = (): boolean => {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      'api-key': { type: 'string', default: DEFAULT_API_KEY },
      token: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
    },
  });
  const companies = defaultGroup();
  const simulator = await startIobotSimulator({
    port: Number(values.port),
    host: values.host,
    apiKey: values['api-key'],
    token: values.token,
    seed: Number(values.seed),
    companies,
  });
  // A fake, dev-only key: printing it is the point.
  console.log(`IOBot simulator on ${simulator.url}`);
  console.log(`  POST ${simulator.url}${MULTI_REPORT_PATH}`);
  console.log(`  x-api-key: ${simulator.apiKey}${values.token ? `   (or body token: ${values.token})` : ''}`);
  console.log(`  root businessId: 1; companies: ${companies.map((company) => `${company.id} ${company.nombre}`).join(', ')}`);
  console.log(
    `  try: curl -s -X POST ${simulator.url}${MULTI_REPORT_PATH} -H 'content-type: application/json' -H 'x-api-key: ${simulator.apiKey}' ` +
      `-d '{"businessId":1,"startDate":"2026-04-01T06:00:00.000Z","endDate":"2026-05-01T05:59:59.999Z"}'`,
  );
  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

if (isMain()) await main();
