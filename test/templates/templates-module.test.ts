import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BuildError } from '../../templates/build/template-compiler.ts';
import { buildTemplatesModule } from '../../templates/build/templates-module.ts';

const root = new URL('../..', import.meta.url).pathname;
const workdirs: string[] = [];
afterEach(() => {
  for (const dir of workdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A private copy of templates/ with one file changed. */
const brokenCopy = (file: string, change: (source: string) => string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'templates-module-'));
  workdirs.push(dir);
  cpSync(join(root, 'templates'), dir, { recursive: true });
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
  return dir;
};

const locationOf = async (templates: string) => {
  const error = await buildTemplatesModule(templates).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BuildError);
  const location = (error as BuildError).location;
  return location && { file: location.file.slice(templates.length + 1), line: location.line };
};

describe('buildTemplatesModule', () => {
  it('builds the same module source as the committed templates give the build', async () => {
    // act
    const built = await buildTemplatesModule(join(root, 'templates'));

    // assert
    expect(built.templates).toEqual([
      'companyReportHtml',
      'companyReportText',
      'groupSummaryHtml',
      'groupSummaryText',
      'operatorReportHtml',
      'operatorReportText',
    ]);
    expect(built.languages).toEqual(['en', 'es']);
    expect(built.source).toContain('export const locales');
    expect(built.source).not.toContain('<mj-');
    // leanSpec took effect on every spec: a Handlebars upgrade that changes its output shows up here.
    expect(built.source).not.toContain('"start":{"line"');
    expect(built.source).not.toContain('container.lookupProperty ||');
  });

  it('locates an MJML error inside a partial (file and line of the partial)', async () => {
    // prepare: line 4 of kpis.mjml holds the first <mj-table
    const templates = brokenCopy('partials/company/kpis.mjml', (source) => source.replace('<mj-table ', '<mj-table colour="red" '));
    const line =
      readFileSync(join(templates, 'partials/company/kpis.mjml'), 'utf8')
        .split('\n')
        .findIndex((text) => text.includes('colour=')) + 1;

    // act / assert
    expect(await locationOf(templates)).toEqual({ file: 'partials/company/kpis.mjml', line });
  });

  it('locates an MJML error in the template itself', async () => {
    // prepare
    const templates = brokenCopy('group-summary.mjml', (source) => source.replace('<mj-body ', '<mj-bodyy '));
    const line =
      readFileSync(join(templates, 'group-summary.mjml'), 'utf8')
        .split('\n')
        .findIndex((text) => text.includes('<mj-bodyy')) + 1;

    // act / assert
    expect(await locationOf(templates)).toEqual({ file: 'group-summary.mjml', line });
  });

  it('locates a Handlebars syntax error in a text template', async () => {
    // prepare: a broken mustache on line 3
    const templates = brokenCopy('company-report.txt.hbs', (source) => source.split('\n').toSpliced(2, 0, '{{value=}}').join('\n'));

    // act / assert
    expect(await locationOf(templates)).toEqual({ file: 'company-report.txt.hbs', line: 3 });
  });

  it('locates invalid JSON and a placeholder mismatch in a locale file', async () => {
    // prepare: a missing comma; and the first {placeholder} of en.json renamed on its line
    const json = brokenCopy('locales/en.json', (source) => source.replace('"title": "Monthly report",', '"title": "Monthly report"'));
    const english = readFileSync(join(root, 'templates/locales/en.json'), 'utf8').split('\n');
    const placeholderLine = english.findIndex((line) => /^\s*"\w+": ".*\{\w+\}/.test(line)) + 1;
    const placeholder = brokenCopy('locales/en.json', (source) =>
      source
        .split('\n')
        .map((line, index) => (index === placeholderLine - 1 ? line.replace(/\{\w+\}/, '{renamedPlaceholder}') : line))
        .join('\n'),
    );
    const jsonLine = english.findIndex((line) => line.includes('"title": "Monthly report"')) + 1;

    // act / assert: JSON.parse stops at the next key, one line after the missing comma
    expect(await locationOf(json)).toEqual({ file: 'locales/en.json', line: jsonLine + 1 });
    expect(await locationOf(placeholder)).toEqual({ file: 'locales/en.json', line: placeholderLine });
  });
});
