/**
 * The build step behind `npm run build:templates` (scripts/build-templates.ts is its command line): MJML
 * compiled strictly, Handlebars precompiled, locales checked, written as one TypeScript module. A problem
 * (invalid MJML, a missing partial, a Handlebars syntax error, locale files that disagree) is returned as
 * the lines to print, naming the file, so the command exits non-zero and a test can call it in-process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { BuildError } from './template-compiler.ts';
import { buildTemplatesModule } from './templates-module.ts';

export interface BuildTemplatesOptions {
  templatesDir: string;
  outFile: string;
  /** Paths in the messages are shown relative to it. */
  root: string;
}

export type BuildTemplatesResult = { ok: true; message: string } | { ok: false; message: string };

export const buildTemplates = async ({ templatesDir, outFile, root }: BuildTemplatesOptions): Promise<BuildTemplatesResult> => {
  const display = (file: string) => relative(root, file);
  try {
    const built = await buildTemplatesModule(templatesDir);
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, built.source);
    return {
      ok: true,
      message: `build-templates: wrote ${display(outFile)} (${built.templates.length} templates, locales ${built.languages.join(', ')})`,
    };
  } catch (error) {
    if (error instanceof BuildError) return { ok: false, message: `build-templates: ${display(error.file)}\n${error.message}` };
    return { ok: false, message: `build-templates: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` };
  }
};
