/**
 * The renderer: a child process that renders emails with one build of the templates. A new build
 * means a new process (ESM modules cannot be reloaded). renderer.ts starts it ahead of time; it
 * boots, warms the libraries, and waits to be told which generated module to load.
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { HtmlChecks } from '../meters.ts';
import type { RenderedEmail, RenderRequest } from '../render.ts';

export type RendererMessage =
  | { type: 'booted' }
  | { type: 'ready'; htmlBudgetBytes: number }
  | { type: 'rendered'; id: number; email: RenderedEmail }
  | { type: 'checked'; id: number; checks: HtmlChecks }
  | { type: 'failed'; id: number; error: string };

export type RendererCommand =
  | { type: 'load'; generatedModule: string }
  | { type: 'render'; id: number; request: RenderRequest }
  | { type: 'check'; id: number; html: string };

if (!process.send) throw new Error('renderer-process: start it through renderer.ts (it talks over IPC)');
const reply = (message: RendererMessage) => process.send?.(message);

let renderEmail: ((request: RenderRequest) => RenderedEmail) | undefined;

const load = async (generatedModule: string) => {
  register(new URL('./generated-module-hook.ts', import.meta.url), {
    data: {
      from: new URL('../../../functions/report/generated/templates.ts', import.meta.url).href,
      to: pathToFileURL(generatedModule).href,
    },
  });
  const render = await import('../render.ts');
  renderEmail = render.renderEmail;
  reply({ type: 'ready', htmlBudgetBytes: render.htmlBudgetBytes() });
};

process.on('message', (command: RendererCommand) => {
  if (command.type === 'load') {
    void load(command.generatedModule);
    return;
  }
  try {
    if (command.type === 'check') {
      reply({ type: 'checked', id: command.id, checks: htmlChecks(command.html) });
      return;
    }
    if (!renderEmail) throw new Error('no templates loaded yet');
    reply({ type: 'rendered', id: command.id, email: renderEmail(command.request) });
  } catch (error) {
    reply({ type: 'failed', id: command.id, error: error instanceof Error ? error.message : String(error) });
  }
});
// The server going away (Ctrl-C, a crash) closes the channel: leave with it.
process.on('disconnect', () => process.exit(0));

// Loaded while nobody waits: the libraries functions/report/ uses (they do not depend on the build)
// and the email checks, which run here so that their CPU time never delays the server's reloads.
const [{ htmlChecks }] = await Promise.all([import('../meters.ts'), import('handlebars/runtime'), import('luxon')]);
reply({ type: 'booted' });
