/* global process, performance */
/**
 * Child of `npm run bench`: one Lambda-like invocation of the bundled handler, in its own process so the
 * peak RSS is this run's (the IOBot simulator, SES emulator, Secrets Manager and DynamoDB stand-ins
 * live in the parent). Sends its figures to the parent over IPC.
 *   node scripts/bench/run-handler.mjs <path/to/index.mjs> '<event json>'
 */
import { pathToFileURL } from 'node:url';

const [bundle, event] = process.argv.slice(2);
const started = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const imported = performance.now();
let summary;
let error;
try {
  summary = await handler(JSON.parse(event));
} catch (caught) {
  // ReportRunError carries the summary of a run where some email failed.
  summary = caught.summary;
  error = String(caught.stack ?? caught).slice(0, 2000);
}
const finished = performance.now();
const usage = process.resourceUsage();
process.send(
  {
    importMs: imported - started,
    runMs: finished - imported,
    // Linux reports maxRSS in kibibytes.
    maxRssBytes: usage.maxRSS * 1024,
    // CPU of this process (import and run), microseconds → milliseconds.
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    heapUsedBytes: process.memoryUsage().heapUsed,
    counts: summary?.counts,
    htmlBytes: (summary?.companies ?? []).map((company) => company.htmlBytes ?? 0),
    summaryEmail: summary?.summaryEmail?.status,
    error,
  },
  () => process.disconnect(),
);
