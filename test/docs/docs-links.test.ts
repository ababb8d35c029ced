import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README and docs/ name files and link each other; a move or a rename that forgets them leaves a
 * newcomer at a dead end. Every relative link must reach a file (and its #anchor a heading), every
 * repository path written in a code span (`functions/…/x.ts`, `infra/…`, `eslint.config.js`) must exist,
 * and a bare source file name (`run-page.ts`) must be the name of a file in the repository.
 */
const root = resolve(new URL('../..', import.meta.url).pathname);
const markdownFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? markdownFiles(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : [],
  );
const documents = [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))];

// GitHub's anchor of a heading (github-slugger): lower case, punctuation but "-" and "_" dropped, spaces to hyphens.
const anchorOf = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
// Headings outside fenced code blocks.
const anchorsIn = (file: string): Set<string> =>
  new Set(
    [
      ...readFileSync(file, 'utf8')
        .replace(/^```[\s\S]*?^```/gm, '')
        .matchAll(/^#{1,6} (.+)$/gm),
    ].map((match) => anchorOf(match[1] ?? '')),
  );

const REPO_PATH = /^(functions|infra|templates|dev|scripts|test|docs|\.ci)\/[\w./-]*$/;
// A file name without a folder: it must be the name of some tracked file (or of one the build writes).
const FILE_NAME = /^\w[\w.-]*\.(ts|mjs|js|json|mjml|hbs|csv)$/;
const trackedNames = new Set(
  execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .map((file) => basename(file)),
);
// Files the build or a run writes (not tracked), named in the docs on purpose.
const BUILT = new Set(['index.mjs', 'report-config.json', 'summary.json', 'manifest.json']);

describe('README.md and docs/', () => {
  it.each(documents.map((file) => [relative(root, file), file]))('%s links only to what exists', (_name, file) => {
    // prepare
    const text = readFileSync(file, 'utf8');
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '').filter((link) => !/^[a-z]+:/.test(link));
    const spans = [...text.matchAll(/`([^`\s]+)`/g)]
      .map((match) => match[1] ?? '')
      .filter((span) => !span.includes('<') && !span.includes('*'));
    const paths = spans.filter((span) => REPO_PATH.test(span));
    const names = spans.filter((span) => !span.includes('/') && FILE_NAME.test(span) && !BUILT.has(span));

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
      ...names.filter((name) => !trackedNames.has(name)).map((name) => `file name ${name}: no such file in the repository`),
    ];

    // assert
    expect(broken).toEqual([]);
  });
});
