import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTemplates } from '../../templates/build/build-templates.ts';

const root = new URL('../..', import.meta.url).pathname;
const script = join(root, 'scripts/build-templates.ts');

const workdirs: string[] = [];
afterEach(() => {
  for (const dir of workdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A private copy of templates/, so a test can break it without touching the real one. */
const copyTemplates = (): { templates: string; out: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'templates-'));
  workdirs.push(dir);
  cpSync(join(root, 'templates'), join(dir, 'templates'), { recursive: true });
  return { templates: join(dir, 'templates'), out: join(dir, 'generated/templates.ts') };
};

/** The command itself, in a process of its own: its arguments, its output and its exit status. */
const buildCommand = ({ templates, out }: { templates: string; out: string }) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, '--templates', templates, '--out', out], {
    cwd: root,
    encoding: 'utf8',
  });

/** The same build in this process (what the command prints on stderr is `message` when not ok). */
const build = async ({ templates, out }: { templates: string; out: string }) => {
  const result = await buildTemplates({ templatesDir: templates, outFile: out, root });
  return { status: result.ok ? 0 : 1, stderr: result.ok ? '' : result.message };
};

const edit = (file: string, change: (source: string) => string) => writeFileSync(file, change(readFileSync(file, 'utf8')));

describe('build-templates', () => {
  it('writes precompiled HTML and text templates and both locales', () => {
    const paths = copyTemplates();
    const result = buildCommand(paths);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('build-templates: wrote');
    const generated = readFileSync(paths.out, 'utf8');
    for (const name of ['companyReportHtml', 'companyReportText', 'groupSummaryHtml', 'groupSummaryText', 'locales']) {
      expect(generated).toContain(`export const ${name}`);
    }
    expect(generated).not.toContain('<mj-');
  });

  it('fails on invalid MJML, naming the file and the problem, and the command exits non-zero', async () => {
    const paths = copyTemplates();
    edit(join(paths.templates, 'partials/company/kpis.mjml'), (source) => source.replace('<mj-table ', '<mj-table colour="red" '));
    const result = await build(paths);
    const command = buildCommand(paths);
    expect(command.status).toBe(1);
    expect(command.stderr).toContain('Attribute colour is illegal');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('partials/company/kpis.mjml');
    expect(result.stderr).toContain('Attribute colour is illegal');
  });

  it('fails on a missing partial, which mjml itself would silently skip', async () => {
    const paths = copyTemplates();
    edit(join(paths.templates, 'company-report.mjml'), (source) =>
      source.replace('partials/company/ads.mjml', 'partials/company/adds.mjml'),
    );
    const result = await build(paths);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/company-report\.mjml\nline \d+: mj-include path not found: \.\/partials\/company\/adds\.mjml/);
  });

  it('fails on a Handlebars syntax error', async () => {
    const paths = copyTemplates();
    edit(join(paths.templates, 'company-report.txt.hbs'), (source) => `${source}{{#if broken}}`);
    const result = await build(paths);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('company-report.txt.hbs');
  });

  it('fails when a locale lacks a key or a placeholder of the Spanish one', async () => {
    const missing = copyTemplates();
    edit(join(missing.templates, 'locales/en.json'), (source) => source.replace('"title": "Monthly report",', ''));
    const missingResult = await build(missing);
    expect(missingResult.status).not.toBe(0);
    expect(missingResult.stderr).toMatch(/locales\/en\.json\ntitle: missing/);

    const placeholder = copyTemplates();
    edit(join(placeholder.templates, 'locales/en.json'), (source) =>
      source.replace('"contact": "Questions about this report: {contact}."', '"contact": "Questions about this report: {name}."'),
    );
    const placeholderResult = await build(placeholder);
    expect(placeholderResult.status).not.toBe(0);
    expect(placeholderResult.stderr).toContain('contact: placeholders {name} differ from es.json {contact}');
  });
});

describe('Lambda code', () => {
  it('never imports mjml, which is a build-time devDependency', () => {
    const dir = join(root, 'functions');
    const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/from ['"]mjml|require\(['"]mjml/);
    }
  });
});
