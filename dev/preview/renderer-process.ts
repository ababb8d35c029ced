/**
 * The renderer: a child process that renders emails with one build of the templates. A new build
 * means a new process (ESM modules cannot be reloaded). renderer.ts starts it ahead of time; it
 * boots, warms the libraries, and waits to be told which generated module to load.
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { RenderedEmail, RenderRequest } from './render.ts';

export type RendererMessage =
  | { type: 'booted' }
  | { type: 'ready'; htmlBudgetBytes: number }
  | { type: 'rendered'; id: number; email: RenderedEmail }
  | { type: 'failed'; id: number; error: string };

export type RendererCommand = { type: 'load'; generatedModule: string } | { type: 'render'; id: number; request: RenderRequest };

if (!process.send) throw new Error('renderer-process: start it through renderer.ts (it talks over IPC)');
const reply = (message: RendererMessage) => process.send?.(message);

let renderEmail: ((request: RenderRequest) => RenderedEmail) | undefined;

const load = async (generatedModule: string) => {
  register(new URL('./generated-module-hook.ts', import.meta.url), {
    data: {
      from: new URL('../../functions/report/generated/templates.ts', import.meta.url).href,
      to: pathToFileURL(generatedModule).href,
    },
  });
  const render = await import('./render.ts');
  renderEmail = render.renderEmail;
  reply({ type: 'ready', htmlBudgetBytes: render.htmlBudgetBytes() });
};

process.on('message', (command: RendererCommand) => {
  if (command.type === 'load') {
    void load(command.generatedModule);
    return;
  }
  try {
    if (!renderEmail) throw new Error('no templates loaded yet');
    reply({ type: 'rendered', id: command.id, email: renderEmail(command.request) });
  } catch (error) {
    reply({ type: 'failed', id: command.id, error: error instanceof Error ? error.message : String(error) });
  }
});
// The server going away (Ctrl-C, a crash) closes the channel: leave with it.
process.on('disconnect', () => process.exit(0));

// The libraries functions/report/ uses, loaded while nobody waits (they do not depend on the build).
await Promise.all([import('handlebars/runtime'), import('luxon')]);
reply({ type: 'booted' });
