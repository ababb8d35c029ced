import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README and docs/ name files and link each other; a move or a rename that forgets them leaves a
 * newcomer at a dead end. Every relative link must reach a file (and its #anchor a heading), and every
 * repository path written in a code span (`functions/…/x.ts`, `infra/…`) must exist.
 */
const root = resolve(new URL('../..', import.meta.url).pathname);
const markdownFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? markdownFiles(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
  );
const documents = [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))];

// GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens.
const anchorOf = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
const anchorsIn = (file: string): Set<string> =>
  new Set([...readFileSync(file, 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1] ?? '')));

const REPO_PATH = /^(functions|infra|templates|dev|scripts|test|docs)\/[\w./-]*$/;

describe('README.md and docs/', () => {
  it.each(documents.map((file) => [relative(root, file), file]))('%s links only to what exists', (_name, file) => {
    // prepare
    const text = readFileSync(file, 'utf8');
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '').filter((link) => !/^[a-z]+:/.test(link));
    const paths = [...text.matchAll(/`([^`\s]+)`/g)]
      .map((match) => match[1] ?? '')
      .filter((span) => REPO_PATH.test(span) && !span.includes('<') && !span.includes('*'));

    // act
    const broken = [
      ...links.flatMap((link) => {
        const [target = '', anchor] = link.split('#');
        const targetFile = target ? resolve(dirname(file), target) : file;
        if (!existsSync(targetFile)) return [`link ${link}: no such file`];
        if (anchor && targetFile.endsWith('.md') && !anchorsIn(targetFile).has(anchor)) return [`link ${link}: no heading #${anchor}`];
        return [];
      }),
      ...paths.filter((path) => !existsSync(join(root, path))).map((path) => `path ${path}: no such file or folder`),
    ];

    // assert
    expect(broken).toEqual([]);
  });
});
