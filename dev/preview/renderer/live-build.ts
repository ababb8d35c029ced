import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { BuildError } from '../../../templates/build/template-compiler.ts';
import { buildTemplatesModule } from '../../../templates/build/templates-module.ts';
import { spawnRenderer, type Renderer } from './renderer.ts';
import { watchTemplates } from './template-watcher.ts';

/** The outcome of the latest build, as the page shows it. */
export type BuildState =
  | { ok: true; version: number; languages: string[]; ms: number }
  | { ok: false; version: number; error: { file: string; line: number | null; message: string } };

export interface LiveBuild {
  state(): BuildState;
  /** The renderer of the last good build (a broken build keeps the previous one rendering). */
  renderer(): Renderer | undefined;
  onBuild(listener: (state: BuildState) => void): () => void;
  close(): Promise<void>;
}

const describeError = (error: unknown, templatesDir: string): Extract<BuildState, { ok: false }>['error'] => {
  if (error instanceof BuildError) {
    const where = error.location ?? { file: error.file, line: null };
    return { file: relative(templatesDir, where.file), line: where.line, message: error.message };
  }
  return { file: '', line: null, message: error instanceof Error ? error.message : String(error) };
};

/**
 * Builds the templates in `templatesDir` with the build's own code path (templates/build/templates-module.ts)
 * into a private file, starts a renderer on it, and does both again on every save. Build errors
 * become state, never exceptions: the server keeps running until the file is fixed.
 */
export const startLiveBuild = async (templatesDir: string): Promise<LiveBuild> => {
  const outDir = mkdtempSync(join(tmpdir(), 'iobot-preview-'));
  // The generated module is ESM TypeScript; tsx needs the folder to say so.
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  const listeners = new Set<(state: BuildState) => void>();
  let version = 0;
  let current: Renderer | undefined;
  let currentFile: string | undefined;
  // The process the next good build loads into, booted in advance.
  let spare = spawnRenderer();
  let state: BuildState;
  let closed = false;

  const build = async (): Promise<BuildState> => {
    version += 1;
    const started = performance.now();
    try {
      const built = await buildTemplatesModule(templatesDir);
      // One file per version: a renderer still starting never sees a later build's half-written file.
      const file = join(outDir, `templates-${version}.ts`);
      writeFileSync(file, built.source);
      const next = spare;
      spare = spawnRenderer();
      const renderer = await next.load(file);
      if (closed) {
        renderer.close();
      } else {
        current?.close();
        if (currentFile) rmSync(currentFile, { force: true });
        current = renderer;
        currentFile = file;
      }
      return { ok: true, version, languages: built.languages, ms: Math.round(performance.now() - started) };
    } catch (error) {
      return { ok: false, version, error: describeError(error, templatesDir) };
    }
  };

  // Saves during a build are queued into one more build, so the last save always wins.
  let running: Promise<void> | undefined;
  let again = false;
  const rebuild = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        state = await build();
        if (!closed) for (const listener of listeners) listener(state);
      } while (again && !closed);
      running = undefined;
    })();
    return running;
  };

  state = await build();
  const watcher = watchTemplates(templatesDir, () => void rebuild());

  return {
    state: () => state,
    renderer: () => current,
    onBuild: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      closed = true;
      watcher.close();
      await running;
      current?.close();
      spare.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
};
