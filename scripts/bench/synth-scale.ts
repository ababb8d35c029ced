/**
 * `cdk synth` of a config at scale (default 5,000 companies × 3 addresses), bundling included, as the
 * CLI does it: the time it takes, the template's size (CloudFormation's limits: 51,200 B inline,
 * 1 MB from S3) and what the code asset carries (index.mjs and the bundled report-config.json).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { InfraConfigInput } from '../../infra/config-schema.ts';
import { createApp } from '../../infra/main.ts';
import { reportConfig } from '../../infra/report.config.ts';
import { REPO_ROOT } from './bundle-options.ts';

export interface SynthScale {
  companies: number;
  addresses: number;
  synthMs: number;
  templateBytes: number;
  configFileBytes: number;
  configFileGzipBytes: number;
  assetBytes: number;
  environmentBytes: number;
}

/** The committed config with its first group grown to `companies`, each with to, cc and bcc. */
export const scaledConfig = (companies: number): InfraConfigInput => {
  const config = structuredClone(reportConfig);
  const [group] = config.groups;
  if (!group) throw new Error('infra/report.config.ts has no group');
  group.companies = Array.from({ length: companies }, (_, index) => ({
    id: 10_000 + index,
    label: `Sucursal ${String(index + 1).padStart(4, '0')}`,
    to: [`gerencia.sucursal${index + 1}@example.com`],
    cc: [`operaciones.sucursal${index + 1}@example.com`],
    bcc: [`archivo.reportes${index + 1}@example.com`],
  }));
  return config;
};

export const runSynthScale = (companies = 5000): SynthScale => {
  const cacheDir = join(REPO_ROOT, 'node_modules', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const outdir = mkdtempSync(join(cacheDir, 'iobot-synth-scale-'));
  try {
    const context = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')).context as Record<string, unknown>;
    const started = performance.now();
    const { app, stack } = createApp({ config: scaledConfig(companies), appProps: { context, outdir } });
    const assembly = app.synth();
    const synthMs = performance.now() - started;
    const template = assembly.getStackByName(stack.stackName);
    const templateText = readFileSync(join(outdir, template.templateFile), 'utf8');
    // The report mailer: the function whose environment names the bundled config.
    const fn = Object.values(
      JSON.parse(templateText).Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
    ).find(
      (resource) =>
        resource.Type === 'AWS::Lambda::Function' &&
        (resource.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.REPORT_CONFIG_FILE !==
          undefined,
    );
    const s3Key = (fn?.Properties.Code as { S3Key: string }).S3Key;
    const assetDir = join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
    const assetBytes = readdirSync(assetDir).reduce((total, name) => total + statSync(join(assetDir, name)).size, 0);
    const configFile = readFileSync(join(assetDir, 'report-config.json'));
    return {
      companies,
      addresses: companies * 3,
      synthMs,
      templateBytes: Buffer.byteLength(templateText),
      configFileBytes: configFile.length,
      configFileGzipBytes: gzipSync(configFile).length,
      assetBytes,
      environmentBytes: Buffer.byteLength(JSON.stringify((fn?.Properties.Environment as { Variables: unknown }).Variables)),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};
