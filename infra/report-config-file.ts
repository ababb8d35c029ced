/**
 * The runtime config as a file in the function's code asset. Why a bundled file, rather than the
 * Lambda environment, SSM or AppConfig (README.md, "Config at scale"): environment variables and SSM
 * parameters stop at 4 KB / 8 KB, about 30 companies; AppConfig keeps the content in the template,
 * which CloudFormation caps at 1 MB, reached near 5,000 companies with three addresses each, and it
 * adds a layer or two API calls and a permission to every cold start. A file next to the code has no
 * size limit worth the name (250 MB unzipped), costs one local read, and is deployed atomically with
 * the code that parses it. What the file loses, `cdk diff` visibility, comes back through
 * REPORT_CONFIG_SHA256 and REPORT_CONFIG_SUMMARY in the environment and `npm run config:diff`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeConfig } from '../functions/config/config-schema.ts';
import { sha256Hex } from '../functions/config/load-runtime-config.ts';

/** Name of the file inside the asset (next to index.mjs); the function reads it at cold start. */
export const REPORT_CONFIG_FILE_NAME = 'report-config.json';

export interface ReportConfigFile {
  /** Where synth wrote it; the bundler copies it into the asset. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  /** "1 group, 2 companies, 5 addresses": in the environment, so `cdk diff` shows the size of a change. */
  readonly summary: string;
}

const count = (value: number, one: string, many: string) => `${value.toLocaleString('en-US')} ${value === 1 ? one : many}`;

export const summarizeRuntimeConfig = (runtime: RuntimeConfig): string => {
  const companies = runtime.groups.flatMap((group) => group.companies);
  const addresses = companies.reduce((total, company) => total + company.to.length + company.cc.length + company.bcc.length, 0);
  return `${count(runtime.groups.length, 'group', 'groups')}, ${count(companies.length, 'company', 'companies')}, ${count(addresses, 'address', 'addresses')}`;
};

/** The exact bytes the function reads: compact JSON of the parsed (defaults applied) runtime config. */
export const serializeRuntimeConfig = (runtime: RuntimeConfig): string => JSON.stringify(runtime);

/** Writes the file into `directory` under a name derived from its content, so parallel synths never clash. */
export const writeReportConfigFile = (runtime: RuntimeConfig, directory: string): ReportConfigFile => {
  const content = serializeRuntimeConfig(runtime);
  const sha256 = sha256Hex(content);
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `report-config.${sha256.slice(0, 16)}.json`);
  writeFileSync(path, content);
  return { path, sha256, bytes: Buffer.byteLength(content), summary: summarizeRuntimeConfig(runtime) };
};
