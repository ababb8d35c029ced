/**
 * `npm run config:diff [-- <git ref>]`: what a deploy would change in the report config, as companies
 * and addresses added, removed and changed, against a git ref (default HEAD, i.e. your uncommitted
 * edits; use the tag or commit you last deployed). `cdk diff` shows only the new REPORT_CONFIG_SHA256
 * and REPORT_CONFIG_SUMMARY; this prints both SHA-256s.
 *
 * `npm run config:diff -- --deployed <function name>`: against what the deployed function runs with,
 * read out of its code (scripts/deployed-config.ts; AWS credentials with lambda:GetFunction).
 *
 * The ref's config is loaded by the ref's own code (infra/ and functions/ extracted with `git archive`
 * under node_modules/.cache, so its imports resolve to this checkout's node_modules).
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuntimeConfig } from '../functions/config/config-schema.ts';
import { sha256Hex } from '../functions/config/load-runtime-config.ts';
import { diffRuntimeConfigs } from '../infra/config-diff.ts';
import { loadConfig } from '../infra/config-schema.ts';
import { repoPath } from '../infra/node-function.ts';
import { serializeRuntimeConfig, summarizeRuntimeConfig } from '../infra/report-config-file.ts';
import { reportConfig } from '../infra/report.config.ts';
import { readDeployedConfig } from './deployed-config.ts';

const REPO_ROOT = repoPath('');
const git = (...args: string[]): Buffer => execFileSync('git', args, { cwd: REPO_ROOT, maxBuffer: 256 * 1024 * 1024 });

const configAt = async (ref: string): Promise<{ commit: string; runtime: RuntimeConfig }> => {
  const commit = git('rev-parse', '--verify', `${ref}^{commit}`).toString().trim();
  const dir = join(REPO_ROOT, 'node_modules', '.cache', 'config-diff', commit);
  if (!existsSync(join(dir, 'infra', 'report.config.ts'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-x', '-C', dir], { input: git('archive', '--format=tar', commit, 'infra', 'functions') });
  }
  const { loadConfig: loadAtRef } = (await import(
    pathToFileURL(join(dir, 'infra', 'config-schema.ts')).href
  )) as typeof import('../infra/config-schema.ts');
  const { reportConfig: configAtRef } = (await import(
    pathToFileURL(join(dir, 'infra', 'report.config.ts')).href
  )) as typeof import('../infra/report.config.ts');
  return { commit, runtime: loadAtRef(configAtRef).runtime };
};

const { values: options, positionals } = parseArgs({ options: { deployed: { type: 'string' } }, allowPositionals: true });

/** The base side: the deployed function's config, or a git ref's. */
const baseConfig = async (): Promise<{ label: string; runtime: RuntimeConfig }> => {
  if (options.deployed) {
    const deployed = await readDeployedConfig(new LambdaClient({}), options.deployed);
    return { label: `deployed ${deployed.functionName} (last modified ${deployed.lastModified ?? 'unknown'})`, runtime: deployed.runtime };
  }
  const ref = positionals[0] ?? 'HEAD';
  const { commit, runtime } = await configAt(ref);
  return { label: `${ref} (${commit.slice(0, 12)})`, runtime };
};

const base = await baseConfig();
const current = loadConfig(reportConfig).runtime;
const diff = diffRuntimeConfigs(base.runtime, current);

const describe = (runtime: RuntimeConfig) => `${sha256Hex(serializeRuntimeConfig(runtime))}  ${summarizeRuntimeConfig(runtime)}`;
console.log(`base     ${base.label}: ${describe(base.runtime)}`);
console.log(`current  working tree: ${describe(current)}`);
if (diff.lines.length === 0) {
  console.log('\nNo change to the report config.');
} else {
  console.log(`\n${diff.lines.join('\n')}`);
  const { companies, addresses } = diff;
  console.log(
    `\ncompanies: +${companies.added} -${companies.removed} ~${companies.changed}; addresses: +${addresses.added} -${addresses.removed}`,
  );
}
