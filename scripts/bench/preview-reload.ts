/**
 * `npm run bench`, section 5: how long `npm run preview` takes from saving a template to having the
 * new email ready (build event on /events, then the re-rendered HTML), on a copy of templates/.
 * The page itself adds one iframe load on top.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPreviewServer } from '../../dev/preview/server.ts';
import { REPO_ROOT } from './bundle-options.ts';

export interface ReloadTimes {
  /** Save → the server's build event, one per edit, in milliseconds. */
  buildMs: number[];
  /** Save → the new HTML fetched, one per edit. */
  readyMs: number[];
}

const nextBuild = async (events: ReadableStreamDefaultReader<Uint8Array>): Promise<{ ok: boolean; version: number }> => {
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await events.read();
    if (done) throw new Error('the preview closed its event stream');
    buffer += decoder.decode(value, { stream: true });
    const data = /event: build\ndata: (.*)\n\n/.exec(buffer)?.[1];
    if (data) return JSON.parse(data) as { ok: boolean; version: number };
  }
};

export const benchPreviewReload = async (edits: number): Promise<ReloadTimes> => {
  const templates = mkdtempSync(join(tmpdir(), 'bench-preview-'));
  cpSync(join(REPO_ROOT, 'templates'), templates, { recursive: true });
  const server = await startPreviewServer({ templatesDir: templates, port: 0 });
  const times: ReloadTimes = { buildMs: [], readyMs: [] };
  try {
    const response = await fetch(`${server.url}/events`);
    const events = response.body!.getReader();
    await nextBuild(events);
    await fetch(`${server.url}/email.html?id=company-1`).then((answer) => answer.text());
    const footer = join(templates, 'partials/footer.mjml');
    const original = readFileSync(footer, 'utf8');
    for (let edit = 1; edit <= edits; edit += 1) {
      // Spaced like saves by a person, so each edit starts from a booted spare renderer.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const saved = performance.now();
      writeFileSync(footer, original.replace('{{footer}}', `Edit ${edit} · {{footer}}`));
      const build = await nextBuild(events);
      times.buildMs.push(performance.now() - saved);
      const html = await fetch(`${server.url}/email.html?id=company-1`).then((answer) => answer.text());
      times.readyMs.push(performance.now() - saved);
      if (!build.ok || !html.includes(`Edit ${edit} · `)) throw new Error(`edit ${edit} did not reach the preview`);
    }
    await events.cancel();
  } finally {
    await server.close();
    rmSync(templates, { recursive: true, force: true });
  }
  return times;
};
