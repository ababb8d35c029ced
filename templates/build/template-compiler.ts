/**
 * How templates/ becomes Handlebars: MJML compiled with strict validation, then Handlebars options.
 * Shared by the build step (scripts/build-templates.ts) and the benchmark's run-time-MJML comparison,
 * so both compile exactly the same way.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';

/** A template problem: `file` is what was being built, `location` where the problem is, when known. */
export class BuildError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly location?: { file: string; line: number },
  ) {
    super(message);
  }
}

/** 1-based line of a character offset. */
export const lineAt = (source: string, offset: number): number => source.slice(0, offset).split('\n').length;

// mjml's messages read "Line 4 of /abs/partials/x.mjml, included at line 12 of file /abs (mj-foo) — …",
// or "Line 3 of /abs (mj-foo) — …" (the folder, not the file) for the template itself.
const mjmlLocation = (file: string, messages: string[]): BuildError['location'] => {
  const match = /^Line (\d+) of (.+?)(?:, included at line \d+ of file .*?)? \(/.exec(messages[0] ?? '');
  if (!match) return undefined;
  const named = resolve(dirname(file), match[2] ?? '');
  return { file: named.endsWith('.mjml') ? named : file, line: Number(match[1]) };
};

// mjml renders a missing mj-include as an HTML comment and reports nothing, even in strict mode.
const checkIncludes = (file: string, seen = new Set<string>()): void => {
  if (seen.has(file)) return;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(/<mj-include\s+path="([^"]+)"/g)) {
    const included = resolve(dirname(file), match[1] ?? '');
    if (!existsSync(included)) {
      const line = lineAt(source, match.index);
      throw new BuildError(file, `line ${line}: mj-include path not found: ${match[1]}`, { file, line });
    }
    checkIncludes(included, seen);
  }
};

/** mjml2html options for `file`; the build validates strictly. */
export const mjmlOptions = (file: string) =>
  ({
    validationLevel: 'strict',
    filePath: file,
    ignoreIncludes: false,
    keepComments: false,
    // The font stack names system fonts only; mjml would otherwise link Google Fonts for "Roboto".
    fonts: {},
    minify: true,
    minifyOptions: { minifyCss: false },
  }) as const;

// strict: a field the view model lacks throws in tests instead of rendering as an empty string.
export const HANDLEBARS_OPTIONS = { strict: true, knownHelpersOnly: true } as const;

export const compileMjml = async (file: string): Promise<string> => {
  checkIncludes(file);
  try {
    const result = await mjml2html(readFileSync(file, 'utf8'), mjmlOptions(file));
    if (result.errors.length > 0) {
      const messages = result.errors.map((error) => error.formattedMessage);
      throw new BuildError(file, messages.join('\n'), mjmlLocation(file, messages));
    }
    return result.html;
  } catch (error) {
    if (error instanceof BuildError) throw error;
    const messages = ((error as { errors?: { formattedMessage: string }[] }).errors ?? []).map((detail) => detail.formattedMessage);
    throw new BuildError(file, messages.length ? messages.join('\n') : String(error), mjmlLocation(file, messages));
  }
};

// A source position Handlebars writes into the spec for every strict lookup and helper call, for its
// error messages: in a compiled MJML template it points into one 3,000-character line of minified HTML,
// which tells an author nothing (the error names the missing field either way); it is a sixth of the spec.
const POSITION = String.raw`\{"start":\{"line":\d+,"column":\d+\},"end":\{"line":\d+,"column":\d+\}\}`;
const LOOKUP_POSITION = new RegExp(String.raw`, ${POSITION} \)`, 'g');
const HELPER_POSITION = new RegExp(String.raw`,"loc":${POSITION}`, 'g');
// Each sub-program repeats a fallback for runtimes older than 4.6; the bundled runtime (4.7) has it.
const LOOKUP_FALLBACK =
  /lookupProperty = container\.lookupProperty \|\| function\(parent, propertyName\) \{\s*if \(Object\.prototype\.hasOwnProperty\.call\(parent, propertyName\)\) \{\s*return parent\[propertyName\];\s*\}\s*return undefined\s*\}/g;

/** A Handlebars spec without what the shipped runtime does not use: source positions, the lookup fallback. */
export const leanSpec = (spec: string): string =>
  spec.replace(LOOKUP_POSITION, ')').replace(HELPER_POSITION, '').replace(LOOKUP_FALLBACK, 'lookupProperty = container.lookupProperty');

export const precompile = (file: string, source: string, options: { noEscape: boolean }): string => {
  try {
    return leanSpec(String(Handlebars.precompile(source, { ...HANDLEBARS_OPTIONS, ...options })));
  } catch (error) {
    const message = (error as Error).message;
    const line = /^Parse error on line (\d+)/.exec(message)?.[1];
    throw new BuildError(file, `Handlebars: ${message}`, line === undefined ? undefined : { file, line: Number(line) });
  }
};
