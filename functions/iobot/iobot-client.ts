/** IOBot's multi-company report endpoint, over fetch: the request, retries, and the answer's validation. */
import pRetry, { AbortError } from 'p-retry';
import * as z from 'zod';
import { formatIssues } from '../shared/invalid-input-error.ts';
import { redactCredentials, type IobotCredentials } from './credentials.ts';
import { BodyTooLargeError, readCappedBody } from './read-capped-body.ts';
import { parseCompanies, type ParsedCompanies } from './parse-companies.ts';

export const MULTI_REPORT_PATH = '/empresas/data-report/multi';

export interface IobotClientOptions {
  baseUrl: string;
  /** Per attempt. A stalled API must not eat the whole Lambda timeout. */
  timeoutMs?: number;
  /** Retries after the first attempt, on network errors, timeouts, invalid JSON, 5xx and 429. */
  retries?: number;
  minRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Largest answer read, in bytes; reading stops past it (default `DEFAULT_MAX_RESPONSE_BYTES`). */
  maxResponseBytes?: number;
}

/**
 * 16 MiB: the largest company we expect (test/fixtures/large-company.ts: 150 agents, 80 ads, 300
 * tags) is about 85 KB of JSON, so 50 such companies are about 4 MiB: four times that still fits.
 * With two answers in flight (fetch-reports.ts) the bodies and their parsed objects stay well under
 * the function's 512 MB.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export interface MultiReportRequest {
  businessId: number;
  startDate: string;
  endDate: string;
  includeBusinesses?: number[];
  credentials: IobotCredentials;
}

export type { InvalidCompanyEntry } from './parse-companies.ts';

export interface MultiReportResult extends ParsedCompanies {
  attempts: number;
  latencyMs: number;
}

export class IobotApiError extends Error {
  override readonly name = 'IobotApiError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

// The envelope is validated on its own so that one malformed company cannot hide the others.
const envelopeSchema = z.looseObject({ data: z.array(z.unknown()) });

// Redacted before it is cut: a key straddling the cut would otherwise leave its prefix behind.
const describeBody = (body: string, credentials: IobotCredentials): string => {
  const trimmed = redactCredentials(body, credentials).replace(/\s+/g, ' ').trim();
  return trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
};

const messageFor = (status: number, body: string, credentials: IobotCredentials): string => {
  if (status === 400) {
    return `IOBot answered 400 Bad Request: the root business must have the shared report (feature_flags.aquatec_shared_report) enabled and the request must be valid. IOBot said: ${describeBody(body, credentials)}`;
  }
  if (status === 401 || status === 403) {
    return `IOBot answered ${status}: the credentials in the secret were refused; check the apiKey/token. IOBot said: ${describeBody(body, credentials)}`;
  }
  return `IOBot answered ${status}. IOBot said: ${describeBody(body, credentials)}`;
};

/** A redirect IOBot answered (`target`: the host it points to); exported for the operator report's wording tests. */
export const redirectMessage = (status: number, target: string): string =>
  `IOBot answered ${status} redirecting to ${target}; redirects are never followed (the credentials go only to the configured API), so check apiBaseUrl`;

export const tooLargeMessage = (maxResponseBytes: number): string =>
  `IOBot's answer is larger than the limit of ${maxResponseBytes.toLocaleString('en-US')} bytes (IOBOT_MAX_RESPONSE_BYTES); stopped reading it. A real group's answer is far smaller: check the request's range and includeBusinesses`;

/** Only the host: a Location's query may carry anything, including what the server echoed back. */
const redirectTarget = (location: string | null, from: string): string => {
  if (location === null) return 'no location';
  return URL.canParse(location, from) ? new URL(location, from).host : 'an unreadable location';
};

const parseAnswer = (payload: unknown): ParsedCompanies => {
  const envelope = envelopeSchema.safeParse(payload);
  if (!envelope.success) {
    throw new IobotApiError(`IOBot answer does not match the report schema:\n${formatIssues(envelope.error)}`, 200, false);
  }
  return parseCompanies(envelope.data.data);
};

/**
 * The client of IOBot's `POST /empresas/data-report/multi`: a timeout per attempt, retries with backoff
 * on network errors, timeouts, truncated bodies, 5xx and 429, none on 400/401; credentials redacted from
 * every message. Each company of the answer is validated on its own, so one malformed entry fails alone.
 */
export const createIobotClient = (options: IobotClientOptions) => {
  const url = new URL(MULTI_REPORT_PATH, options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`).toString();
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  const attempt = async (request: MultiReportRequest): Promise<unknown> => {
    const { credentials } = request;
    const body = {
      businessId: request.businessId,
      startDate: request.startDate,
      endDate: request.endDate,
      ...(request.includeBusinesses ? { includeBusinesses: request.includeBusinesses } : {}),
      ...(credentials.token ? { token: credentials.token } : {}),
    };
    const failed = (error: unknown): IobotApiError => {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms`
          : `network error: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
      return new IobotApiError(redactCredentials(`IOBot request to ${url} failed: ${reason}`, credentials), undefined, true);
    };
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(credentials.apiKey ? { 'x-api-key': credentials.apiKey } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        // A followed redirect would carry x-api-key (and on 307/308 the token) wherever it points.
        redirect: 'manual',
      });
    } catch (error) {
      throw failed(error);
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      const message = redirectMessage(response.status, redirectTarget(response.headers.get('location'), url));
      throw new AbortError(new IobotApiError(message, response.status, false));
    }
    let text: string;
    try {
      text = await readCappedBody(response, maxResponseBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw failed(error);
      // The same request would get the same answer: retrying only multiplies the waste.
      const message = tooLargeMessage(maxResponseBytes);
      throw new AbortError(new IobotApiError(message, response.status, false));
    }
    if (!response.ok) {
      const retryable = response.status === 429 || response.status >= 500;
      const error = new IobotApiError(messageFor(response.status, text, credentials), response.status, retryable);
      throw retryable ? error : new AbortError(error);
    }
    try {
      return JSON.parse(text);
    } catch {
      // Truncated or garbage bodies are usually a proxy or a cut connection: worth another attempt.
      throw new IobotApiError(
        `IOBot answered ${response.status} with a body that is not valid JSON (${text.length} characters)`,
        response.status,
        true,
      );
    }
  };

  return {
    url,
    async fetchMultiReport(request: MultiReportRequest): Promise<MultiReportResult> {
      const started = performance.now();
      let attempts = 0;
      const payload = await pRetry(
        async () => {
          attempts += 1;
          return attempt(request);
        },
        {
          retries: options.retries ?? 3,
          minTimeout: options.minRetryDelayMs ?? 500,
          maxTimeout: options.maxRetryDelayMs ?? 8_000,
          factor: 2,
          randomize: true,
          shouldRetry: ({ error }) => !(error instanceof IobotApiError) || error.retryable,
        },
      ).catch((error: unknown) => {
        // p-retry hands back the original error; make the attempt count part of the story.
        if (error instanceof IobotApiError && attempts > 1) {
          throw new IobotApiError(`${error.message} (after ${attempts} attempts)`, error.status, error.retryable);
        }
        throw error;
      });
      return { ...parseAnswer(payload), attempts, latencyMs: Math.round(performance.now() - started) };
    },
  };
};
