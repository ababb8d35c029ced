/**
 * How templates/ becomes Handlebars: MJML compiled with strict validation, then Handlebars options.
 * Shared by the build step (scripts/build-templates.ts) and the benchmark's run-time-MJML comparison,
 * so both compile exactly the same way.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';

export class BuildError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

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

export const precompile = (file: string, source: string, options: { noEscape: boolean }): string => {
  try {
    return String(Handlebars.precompile(source, { ...HANDLEBARS_OPTIONS, ...options }));
  } catch (error) {
    throw new BuildError(file, `Handlebars: ${(error as Error).message}`);
  }
};
