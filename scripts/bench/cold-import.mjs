/* global process, performance */
/**
 * Child of `npm run bench`: a fresh node process imports the bundled handler once and reports how long
 * the import took (module evaluation included: the handler creates its SDK clients at the top level).
 *   node scripts/bench/cold-import.mjs <path/to/index.mjs> [module to import first, untimed]...
 * Modules listed after the bundle (the external @aws-sdk/* packages) are imported before the clock
 * starts, which isolates the bundle's own cost.
 */
import { pathToFileURL } from 'node:url';

const [bundle, ...preload] = process.argv.slice(2);
for (const specifier of preload) await import(specifier);
const started = performance.now();
await import(pathToFileURL(bundle).href);
const importMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ importMs, rssBytes: process.memoryUsage.rss() })}\n`);
