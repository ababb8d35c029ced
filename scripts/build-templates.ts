/**
 * Build step for the email templates (`npm run build:templates`): the command line over
 * templates/build/build-templates.ts.
 *
 * MJML is compiled here, strictly validated, and never shipped: the Lambda only carries Handlebars'
 * runtime and the precompiled specs written to functions/report/generated/templates.ts.
 * Any problem (invalid MJML, a missing partial, a Handlebars syntax error, locale files that disagree)
 * exits non-zero naming the file.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildTemplates } from '../templates/build/build-templates.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Overridable so a test can build a broken copy of the templates without touching the real ones.
const { values: args } = parseArgs({
  options: {
    templates: { type: 'string', default: join(root, 'templates') },
    out: { type: 'string', default: join(root, 'functions/report/generated/templates.ts') },
  },
});

const result = await buildTemplates({ templatesDir: resolve(args.templates), outFile: resolve(args.out), root });
if (result.ok) console.log(result.message);
else {
  console.error(result.message);
  process.exit(1);
}
