import { fork } from 'node:child_process';
import type { HtmlChecks } from '../meters.ts';
import type { RenderedEmail, RenderRequest } from '../render.ts';
import type { RendererCommand, RendererMessage } from './renderer-process.ts';

export interface Renderer {
  render(request: RenderRequest): Promise<RenderedEmail>;
  /** Client support and contrast of an HTML body (dev/email-checks/), computed in the renderer process. */
  check(html: string): Promise<HtmlChecks>;
  htmlBudgetBytes: number;
  /** Stops the process; requests in flight are rejected. */
  close(): void;
}

/** A booted renderer process that has not loaded templates yet. */
export interface SpareRenderer {
  /** Loads one build (the generated module at this path); resolves once it can render. */
  load(generatedModule: string): Promise<Renderer>;
  close(): void;
}

const PROCESS = new URL('./renderer-process.ts', import.meta.url);

/**
 * Starts a renderer process now, so that a build only waits for the templates to load, not for
 * Node and tsx to boot (about 400 ms of the one second a reload may take).
 */
export const spawnRenderer = (): SpareRenderer => {
  const child = fork(PROCESS, [], {
    // tsx, also when the server itself runs under vitest rather than tsx.
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const send = (command: RendererCommand) => child.send(command);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each job knows its own answer type
  const pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  let loading: { resolve: (budget: number) => void; reject: (error: Error) => void } | undefined;
  let nextId = 1;

  const stop = (reason: string) => {
    for (const job of pending.values()) job.reject(new Error(reason));
    pending.clear();
    loading?.reject(new Error(reason));
    loading = undefined;
  };
  const close = () => {
    stop('the renderer was replaced by a newer build');
    if (child.exitCode === null && child.signalCode === null) child.kill();
  };

  child.on('message', (message: RendererMessage) => {
    if (message.type === 'booted') return;
    if (message.type === 'ready') {
      loading?.resolve(message.htmlBudgetBytes);
      loading = undefined;
      return;
    }
    const job = pending.get(message.id);
    pending.delete(message.id);
    if (message.type === 'rendered') job?.resolve(message.email);
    else if (message.type === 'checked') job?.resolve(message.checks);
    else job?.reject(new Error(message.error));
  });
  child.on('exit', (code, signal) => stop(`the renderer exited (${signal ?? code})${stderr ? `: ${stderr.trim()}` : ''}`));
  child.on('error', (error) => stop(error.message));

  return {
    close,
    load: async (generatedModule) => {
      const htmlBudgetBytes = await new Promise<number>((resolve, reject) => {
        if (!child.connected) return reject(new Error(`the renderer has stopped${stderr ? `: ${stderr.trim()}` : ''}`));
        loading = { resolve, reject };
        send({ type: 'load', generatedModule });
      });
      const job = <T>(command: (id: number) => RendererCommand) =>
        new Promise<T>((resolve, reject) => {
          if (!child.connected) return reject(new Error('the renderer has stopped'));
          const id = nextId++;
          pending.set(id, { resolve, reject });
          send(command(id));
        });
      return {
        htmlBudgetBytes,
        close,
        render: (request) => job<RenderedEmail>((id) => ({ type: 'render', id, request })),
        check: (html) => job<HtmlChecks>((id) => ({ type: 'check', id, html })),
      };
    },
  };
};
