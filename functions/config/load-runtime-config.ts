/**
 * Where the function finds its report config at cold start. Deployed, it is `report-config.json` in the
 * code asset (no size limit, unlike Lambda's 4 KB of environment variables), named by
 * `REPORT_CONFIG_FILE` and pinned by `REPORT_CONFIG_SHA256`, which travels in the environment so a
 * recipient change shows in `cdk diff`. Local runs and tests may pass the JSON inline in `REPORT_CONFIG`.
 * Either way the same zod schema that validated it at synth parses it again here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { runtimeConfigSchema, type RuntimeConfig } from './config-schema.ts';
import { formatIssues, InvalidInputError } from '../shared/invalid-input-error.ts';

export interface RuntimeConfigSource {
  /** The JSON itself (local runs, tests). */
  inline?: string | undefined;
  /** Path of the JSON file; relative paths resolve against `baseDir` (the asset root when deployed). */
  file?: string | undefined;
  /** Expected SHA-256 (hex) of the file's bytes. */
  sha256?: string | undefined;
}

export const sha256Hex = (content: string | Uint8Array): string => createHash('sha256').update(content).digest('hex');

const parseJson = (text: string, origin: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(
      `Invalid report config: ${origin} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
};

const readConfigFile = (source: RuntimeConfigSource & { file: string }, baseDir: string, read: (path: string) => Buffer): string => {
  const path = isAbsolute(source.file) ? source.file : resolve(baseDir, source.file);
  let bytes: Buffer;
  try {
    bytes = read(path);
  } catch (error) {
    throw new InvalidInputError(
      `Invalid report config: cannot read REPORT_CONFIG_FILE ${JSON.stringify(path)} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  if (source.sha256 !== undefined && sha256Hex(bytes) !== source.sha256.toLowerCase()) {
    // The code asset and the environment come from different deploys (or the file was edited by hand).
    throw new InvalidInputError(
      `Invalid report config: ${JSON.stringify(path)} has SHA-256 ${sha256Hex(bytes)}, REPORT_CONFIG_SHA256 says ${source.sha256}`,
    );
  }
  return bytes.toString('utf8');
};

/**
 * The runtime config from exactly one source, parsed with `runtimeConfigSchema`. Throws
 * `InvalidInputError` naming the source and every issue.
 */
export const loadRuntimeConfig = (
  source: RuntimeConfigSource,
  baseDir: string,
  read: (path: string) => Buffer = (path) => readFileSync(path),
): RuntimeConfig => {
  if ((source.inline === undefined) === (source.file === undefined)) {
    throw new InvalidInputError(
      'Invalid environment:\nREPORT_CONFIG_FILE: set exactly one of REPORT_CONFIG_FILE (the deployed config file) or REPORT_CONFIG (inline JSON)',
    );
  }
  const origin = source.file !== undefined ? `REPORT_CONFIG_FILE (${source.file})` : 'REPORT_CONFIG';
  const text = source.file !== undefined ? readConfigFile({ ...source, file: source.file }, baseDir, read) : (source.inline ?? '');
  const parsed = runtimeConfigSchema.safeParse(parseJson(text, origin));
  if (!parsed.success) throw new InvalidInputError(`Invalid report config in ${origin}:\n${formatIssues(parsed.error)}`);
  return parsed.data;
};
