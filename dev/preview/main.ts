/**
 * `npm run preview`: a live preview of every email for whoever edits templates/.
 *
 *   npm run preview [-- --port 4100] [--host 127.0.0.1] [--templates ./templates]
 *
 * With IOBOT_BASE_URL and IOBOT_API_KEY (or IOBOT_TOKEN) set, the page can also load a real month
 * of a real business, read-only.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4100' },
    host: { type: 'string', default: '127.0.0.1' },
    templates: { type: 'string', default: new URL('../../templates', import.meta.url).pathname },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`preview: --port must be a port number (0-65535), got ${JSON.stringify(values.port)}`);
  process.exit(2);
}

// The server and its renderer load only once the arguments are known good: a typo is answered at once.
const { realDataFromEnv } = await import('./real-data.ts');
const { startPreviewServer } = await import('./server.ts');

const realData = (() => {
  try {
    return realDataFromEnv(process.env);
  } catch (error) {
    console.error(`preview: ${(error as Error).message}`);
    return process.exit(2);
  }
})();
const server = await startPreviewServer({
  templatesDir: resolve(values.templates),
  port,
  host: values.host,
  ...(realData ? { realData } : {}),
}).catch((error: unknown) => {
  console.error(`preview: ${error instanceof Error ? error.message : String(error)}`);
  return process.exit(1);
});
console.log(`IOBot report preview on ${server.url}  (templates: ${resolve(values.templates)}; Ctrl-C stops it)`);
console.log(
  realData
    ? `  real data from ${realData.baseUrl} (read-only)`
    : '  real data: set IOBOT_BASE_URL and IOBOT_API_KEY or IOBOT_TOKEN to enable',
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
