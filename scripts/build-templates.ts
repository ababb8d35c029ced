/**
 * Build step for the email templates (`npm run build:templates`).
 *
 * MJML is compiled here, strictly validated, and never shipped: the Lambda only carries Handlebars'
 * runtime and the precompiled specs written to functions/report-mailer/generated/templates.ts.
 * Any problem (invalid MJML, a missing partial, a Handlebars syntax error, locale files that disagree)
 * exits non-zero naming the file.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Overridable so a test can build a broken copy of the templates without touching the real ones.
const { values: args } = parseArgs({
  options: {
    templates: { type: 'string', default: join(root, 'templates') },
    out: { type: 'string', default: join(root, 'functions/report-mailer/generated/templates.ts') },
  },
});
const templatesDir = resolve(args.templates);
const outFile = resolve(args.out);

class BuildError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

const display = (file: string) => relative(root, file);

// mjml renders a missing mj-include as an HTML comment and reports nothing, even in strict mode.
const checkIncludes = (file: string, seen = new Set<string>()): void => {
  if (seen.has(file)) return;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(/<mj-include\s+path="([^"]+)"/g)) {
    const included = resolve(dirname(file), match[1] ?? '');
    if (!existsSync(included)) {
      const line = source.slice(0, match.index).split('\n').length;
      throw new BuildError(file, `line ${line}: mj-include path not found: ${match[1]}`);
    }
    checkIncludes(included, seen);
  }
};

const compileMjml = async (file: string): Promise<string> => {
  checkIncludes(file);
  try {
    const result = await mjml2html(readFileSync(file, 'utf8'), {
      validationLevel: 'strict',
      filePath: file,
      ignoreIncludes: false,
      keepComments: false,
      // The font stack names system fonts only; mjml would otherwise link Google Fonts for "Roboto".
      fonts: {},
      minify: true,
      minifyOptions: { minifyCss: false },
    });
    if (result.errors.length > 0) {
      throw new BuildError(file, result.errors.map((error) => error.formattedMessage).join('\n'));
    }
    return result.html;
  } catch (error) {
    if (error instanceof BuildError) throw error;
    const details = (error as { errors?: { formattedMessage: string }[] }).errors;
    throw new BuildError(
      file,
      details?.length ? details.map((detail) => detail.formattedMessage).join('\n') : String(error),
    );
  }
};

// strict: a field the view model lacks throws in tests instead of rendering as an empty string.
const precompile = (file: string, source: string, options: { noEscape: boolean }): string => {
  try {
    return String(Handlebars.precompile(source, { strict: true, knownHelpersOnly: true, ...options }));
  } catch (error) {
    throw new BuildError(file, `Handlebars: ${(error as Error).message}`);
  }
};

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Both languages must offer the same keys and the same {placeholders}, or one would break at run time. */
const compareLocales = (reference: Json, other: Json, file: string, path = ''): void => {
  if (typeof reference === 'string') {
    if (typeof other !== 'string') throw new BuildError(file, `${path}: expected a string`);
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    if (placeholders(reference) !== placeholders(other)) {
      throw new BuildError(file, `${path}: placeholders {${placeholders(other)}} differ from es.json {${placeholders(reference)}}`);
    }
    return;
  }
  if (typeof reference !== 'object' || reference === null || Array.isArray(reference)) return;
  if (typeof other !== 'object' || other === null || Array.isArray(other)) throw new BuildError(file, `${path}: expected an object`);
  const keys = new Set([...Object.keys(reference), ...Object.keys(other)]);
  for (const key of keys) {
    const child = path ? `${path}.${key}` : key;
    if (!(key in reference)) throw new BuildError(file, `${child}: not in es.json`);
    if (!(key in other)) throw new BuildError(file, `${child}: missing`);
    compareLocales(reference[key] as Json, other[key] as Json, file, child);
  }
};

const readLocale = (file: string): Json => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch (error) {
    throw new BuildError(file, (error as Error).message);
  }
};

const build = async (): Promise<void> => {
  const localesDir = join(templatesDir, 'locales');
  const es = readLocale(join(localesDir, 'es.json'));
  const languages = readdirSync(localesDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.replace(/\.json$/, ''))
    .sort();
  const locales = Object.fromEntries(
    languages.map((language) => {
      const file = join(localesDir, `${language}.json`);
      const strings = readLocale(file);
      compareLocales(es, strings, file);
      return [language, strings];
    }),
  );

  const specs: Record<string, string> = {};
  for (const [name, base] of [
    ['companyReport', 'company-report'],
    ['groupSummary', 'group-summary'],
  ] as const) {
    const mjmlFile = join(templatesDir, `${base}.mjml`);
    specs[`${name}Html`] = precompile(mjmlFile, await compileMjml(mjmlFile), { noEscape: false });
    const textFile = join(templatesDir, `${base}.txt.hbs`);
    // The text part is plain text: HTML-escaping there would show "&amp;" to the reader.
    specs[`${name}Text`] = precompile(textFile, readFileSync(textFile, 'utf8'), { noEscape: true });
  }

  const languageUnion = languages.map((language) => JSON.stringify(language)).join(' | ');
  const output = [
    '// @ts-nocheck -- generated by scripts/build-templates.ts from templates/; do not edit.',
    "export type TemplateSpecification = Parameters<typeof import('handlebars').template>[0];",
    '',
    `const es = ${JSON.stringify(es, null, 2)};`,
    '',
    'export type LocaleStrings = typeof es;',
    `export type Language = ${languageUnion};`,
    `export const locales: Record<Language, LocaleStrings> = { ${languages
      .map((language) => (language === 'es' ? 'es' : `${language}: ${JSON.stringify(locales[language], null, 2)}`))
      .join(',\n')} };`,
    '',
    ...Object.entries(specs).map(([name, spec]) => `export const ${name}: TemplateSpecification = ${spec};\n`),
  ].join('\n');

  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, output);
  console.log(`build-templates: wrote ${display(outFile)} (${Object.keys(specs).length} templates, locales ${languages.join(', ')})`);
};

build().catch((error: unknown) => {
  if (error instanceof BuildError) {
    console.error(`build-templates: ${display(error.file)}\n${error.message}`);
  } else {
    console.error('build-templates:', error);
  }
  process.exit(1);
});
