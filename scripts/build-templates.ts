/**
 * Build step for the email templates (`npm run build:templates`).
 *
 * MJML is compiled here, strictly validated, and never shipped: the Lambda only carries Handlebars'
 * runtime and the precompiled specs written to functions/report/generated/templates.ts.
 * Any problem (invalid MJML, a missing partial, a Handlebars syntax error, locale files that disagree)
 * exits non-zero naming the file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BuildError } from '../templates/build/template-compiler.ts';
import { buildTemplatesModule } from '../templates/build/templates-module.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Overridable so a test can build a broken copy of the templates without touching the real ones.
const { values: args } = parseArgs({
  options: {
    templates: { type: 'string', default: join(root, 'templates') },
    out: { type: 'string', default: join(root, 'functions/report/generated/templates.ts') },
  },
});
const templatesDir = resolve(args.templates);
const outFile = resolve(args.out);

const display = (file: string) => relative(root, file);

const build = async (): Promise<void> => {
  const built = await buildTemplatesModule(templatesDir);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, built.source);
  console.log(`build-templates: wrote ${display(outFile)} (${built.templates.length} templates, locales ${built.languages.join(', ')})`);
};

build().catch((error: unknown) => {
  if (error instanceof BuildError) {
    console.error(`build-templates: ${display(error.file)}\n${error.message}`);
  } else {
    console.error('build-templates:', error);
  }
  process.exit(1);
});
