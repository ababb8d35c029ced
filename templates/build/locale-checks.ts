/**
 * The locale files' checks, shared by the build and the preview: every language offers the same keys
 * and the same {placeholders} as es.json, or one language would break at run time.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BuildError, lineAt } from './template-compiler.ts';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface Locales {
  es: Json;
  /** Sorted language codes, from the file names. */
  languages: string[];
  byLanguage: Record<string, Json>;
}

// The line of `"key":` in a locale file, to point an editor at it; 0 when it is not there.
const lineOfKey = (file: string, key: string): number => {
  const source = readFileSync(file, 'utf8');
  const index = source.indexOf(`${JSON.stringify(key)}:`);
  return index < 0 ? 0 : lineAt(source, index);
};

const fail = (file: string, path: string, message: string): never => {
  const line = lineOfKey(file, path.split('.').at(-1) ?? path);
  throw new BuildError(file, `${path}: ${message}`, line > 0 ? { file, line } : undefined);
};

const compareLocales = (reference: Json, other: Json, file: string, path = ''): void => {
  if (typeof reference === 'string') {
    if (typeof other !== 'string') fail(file, path, 'expected a string');
    const placeholders = (text: string) =>
      [...text.matchAll(/\{(\w+)\}/g)]
        .map((m) => m[1])
        .sort()
        .join(',');
    if (placeholders(reference) !== placeholders(other as string)) {
      fail(file, path, `placeholders {${placeholders(other as string)}} differ from es.json {${placeholders(reference)}}`);
    }
    return;
  }
  if (typeof reference !== 'object' || reference === null || Array.isArray(reference)) return;
  if (typeof other !== 'object' || other === null || Array.isArray(other)) return fail(file, path, 'expected an object');
  const keys = new Set([...Object.keys(reference), ...Object.keys(other)]);
  for (const key of keys) {
    const child = path ? `${path}.${key}` : key;
    if (!(key in reference)) fail(file, child, 'not in es.json');
    if (!(key in other)) throw new BuildError(file, `${child}: missing`);
    compareLocales(reference[key] as Json, other[key] as Json, file, child);
  }
};

const readLocale = (file: string): Json => {
  const source = readFileSync(file, 'utf8');
  try {
    return JSON.parse(source) as Json;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    throw new BuildError(file, message, position === undefined ? undefined : { file, line: lineAt(source, Number(position)) });
  }
};

/** Reads templates/locales/*.json and checks every language against es.json. */
export const loadLocales = (localesDir: string): Locales => {
  const es = readLocale(join(localesDir, 'es.json'));
  const languages = readdirSync(localesDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.replace(/\.json$/, ''))
    .sort();
  const byLanguage = Object.fromEntries(
    languages.map((language) => {
      const file = join(localesDir, `${language}.json`);
      const strings = readLocale(file);
      compareLocales(es, strings, file);
      return [language, strings];
    }),
  );
  return { es, languages, byLanguage };
};
