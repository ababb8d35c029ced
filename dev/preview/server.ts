import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { previousMonth } from '../../functions/shared/report-period.ts';
import { BLOCKED_IMAGE_PATH, emailView } from './email-view.ts';
import { startLiveBuild, type BuildState } from './renderer/live-build.ts';
import { createSpamScorer, sizeMeter, type HtmlChecks } from './meters.ts';
import type { SpamAssassinReport } from '../email-checks/index.ts';
import { previewPage } from './page.ts';
import { previewMessage } from './preview-message.ts';
import { createRealData, type RealDataOptions } from './real-data.ts';
import type { RenderedEmail, RenderRequest } from './render.ts';
import { PREVIEW_SETTINGS, scenarioList, scenarioRequest } from './scenarios.ts';
import { startTestSender, type TestSender } from './send-test.ts';

export interface PreviewOptions {
  templatesDir: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Read-only access to the real IOBot API, when credentials are configured. */
  realData?: RealDataOptions;
}

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const sendJson = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
};

/**
 * `npm run preview`'s server: the page, the emails it shows, their meters, live reload over
 * server-sent events, send test and real data. Template errors never stop it.
 */
export const startPreviewServer = async (options: PreviewOptions): Promise<PreviewServer> => {
  const live = await startLiveBuild(options.templatesDir);
  const realData = options.realData ? createRealData(options.realData) : undefined;
  const defaultMonth = previousMonth(new Date(), PREVIEW_SETTINGS.group.timeZone).month;
  const requests = new Map<string, Promise<RenderRequest>>();
  let rendered = new Map<string, Promise<RenderedEmail>>();
  let checked = new Map<string, Promise<HtmlChecks & { spam: SpamAssassinReport }>>();
  const spamScore = createSpamScorer();
  let sender: Promise<TestSender> | undefined;
  const streams = new Set<ServerResponse>();

  // A broken build keeps the last good one rendering, and its languages in the list.
  const initial = live.state();
  let languages = initial.ok ? initial.languages : ['es'];

  const broadcast = (state: BuildState) => {
    if (state.ok) languages = state.languages;
    rendered = new Map();
    checked = new Map();
    for (const stream of streams) stream.write(`event: build\ndata: ${JSON.stringify(state)}\n\n`);
  };
  const unsubscribe = live.onBuild(broadcast);

  const requestFor = (id: string, month: string): Promise<RenderRequest> => {
    const key = `${id}|${month}`;
    let request = requests.get(key);
    if (!request) {
      request = (async () => (await realData?.request(id)) ?? scenarioRequest(id, month))();
      request.catch(() => requests.delete(key));
      requests.set(key, request);
    }
    return request;
  };

  const render = (id: string, month: string): Promise<RenderedEmail> => {
    const key = `${id}|${month}`;
    let email = rendered.get(key);
    if (!email) {
      const renderer = live.renderer();
      if (!renderer) return Promise.reject(new HttpError(503, 'no successful build yet: fix the template error first'));
      email = requestFor(id, month).then((request) => renderer.render(request));
      email.catch(() => rendered.delete(key));
      rendered.set(key, email);
    }
    return email;
  };

  // Cached like renders: toggling dark mode or the width must not run the checks again.
  const checks = (id: string, month: string) => {
    const key = `${id}|${month}`;
    let result = checked.get(key);
    if (!result) {
      const renderer = live.renderer();
      result = render(id, month).then(async (email) => {
        const [html, spam] = await Promise.all([
          renderer ? renderer.check(email.html) : Promise.reject(new HttpError(503, 'no renderer')),
          previewMessage(email, id).then(spamScore),
        ]);
        return { ...html, spam };
      });
      result.catch(() => checked.delete(key));
      checked.set(key, result);
    }
    return result;
  };

  const selection = (url: URL) => {
    const id = url.searchParams.get('id') ?? '';
    const month = url.searchParams.get('month') || defaultMonth;
    if (!id) throw new HttpError(400, 'id is required (a scenario id from /api/state)');
    if (!MONTH.test(month)) throw new HttpError(400, `month must look like 2026-04, got ${JSON.stringify(month)}`);
    return { id, month };
  };

  const routes: Record<string, (url: URL, request: IncomingMessage, response: ServerResponse) => Promise<void>> = {
    'GET /': async (_url, _request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(previewPage());
    },
    'GET /api/state': async (_url, _request, response) => {
      sendJson(response, 200, {
        build: live.state(),
        scenarios: scenarioList(languages),
        defaultMonth,
        realData: realData ? { baseUrl: realData.baseUrl } : null,
        templatesDir: options.templatesDir,
      });
    },
    'GET /api/email': async (url, _request, response) => {
      const { id, month } = selection(url);
      const email = await render(id, month);
      sendJson(response, 200, {
        subject: email.subject,
        preheader: email.preheader,
        text: email.text,
        attachments: email.attachments.map((attachment) => ({
          filename: attachment.filename,
          contentType: attachment.contentType,
          bytes: Buffer.byteLength(attachment.content),
          head: attachment.content.split(/\r?\n/).slice(0, 8).join('\n'),
        })),
        size: sizeMeter(email, live.renderer()?.htmlBudgetBytes ?? 0),
        version: live.state().version,
      });
    },
    'GET /email.html': async (url, _request, response) => {
      const { id, month } = selection(url);
      const email = await render(id, month);
      const view = emailView(email.html, { dark: url.searchParams.get('dark') === '1', images: url.searchParams.get('images') !== '0' });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(view);
    },
    'GET /api/attachment': async (url, _request, response) => {
      const { id, month } = selection(url);
      const name = url.searchParams.get('name');
      const attachment = (await render(id, month)).attachments.find((candidate) => candidate.filename === name);
      if (!attachment) throw new HttpError(404, `no attachment ${JSON.stringify(name)} in ${id}`);
      response.writeHead(200, {
        'content-type': attachment.contentType,
        'content-disposition': `attachment; filename="${attachment.filename.replace(/[^\w.-]/g, '_')}"`,
      });
      response.end(attachment.content);
    },
    'GET /api/checks': async (url, _request, response) => {
      const { id, month } = selection(url);
      sendJson(response, 200, await checks(id, month));
    },
    'POST /api/send': async (url, _request, response) => {
      const { id, month } = selection(url);
      const email = await render(id, month);
      sender ??= startTestSender();
      sendJson(response, 200, await (await sender).send(await previewMessage(email, id)));
    },
    'GET /api/real': async (url, _request, response) => {
      if (!realData) throw new HttpError(404, 'real data needs IOBOT_BASE_URL and IOBOT_API_KEY or IOBOT_TOKEN in the environment');
      const business = Number(url.searchParams.get('business'));
      const month = url.searchParams.get('month') ?? '';
      if (!Number.isInteger(business) || business <= 0) throw new HttpError(400, 'business must be a positive whole number');
      if (!MONTH.test(month)) throw new HttpError(400, `month must look like 2026-04, got ${JSON.stringify(month)}`);
      sendJson(response, 200, await realData.list(business, month));
    },
    'GET /events': async (_url, request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(`event: build\ndata: ${JSON.stringify(live.state())}\n\n`);
      streams.add(response);
      request.on('close', () => streams.delete(response));
    },
    [`GET ${BLOCKED_IMAGE_PATH}`]: async (_url, _request, response) => {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('images are off');
    },
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://preview');
    const route = routes[`${request.method} ${url.pathname}`];
    if (!route) return sendJson(response, 404, { error: `no route ${request.method} ${url.pathname}` });
    route(url, request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (!response.headersSent) sendJson(response, status, { error: error instanceof Error ? error.message : String(error) });
      else response.end();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (error) {
    // The renderer processes would otherwise keep this process alive.
    await live.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'EADDRINUSE' ? new Error(`port ${options.port} is in use: choose another with --port`) : error;
  }
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: async () => {
      unsubscribe();
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await live.close();
      if (sender) await (await sender).close();
    },
  };
};
