/** Bundle size and cold import time of the Lambda bundle (what ships, and the same with the AWS SDK bundled). */
import { spawnSync } from 'node:child_process';
import { isBuiltin } from 'node:module';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { buildHandlerBundle, mjmlInputs, REPO_ROOT, type HandlerBundle } from './bundle-options.ts';

export interface BundleVariant {
  name: string;
  bundle: HandlerBundle;
  buildMs: number;
  /** index.mjs + index.mjs.map deflated: roughly the zip Lambda is given. */
  zippedBytes: number;
  mjml: string[];
  /** Bare specifiers the bundle leaves to the runtime (the AWS SDK packages when external). */
  externalImports: string[];
  coldImport: { medianMs: number; minMs: number; maxMs: number; runs: number; rssBytes: number };
}

const COLD_IMPORT_CHILD = join(REPO_ROOT, 'scripts/bench/cold-import.mjs');

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/**
 * `runs` fresh node processes, each importing the bundle once (plus one discarded run that warms the OS
 * file cache). `preload`: modules each process imports before the clock starts.
 */
export const coldImport = (outfile: string, runs: number, preload: string[] = []): BundleVariant['coldImport'] => {
  const samples: { importMs: number; rssBytes: number }[] = [];
  for (let run = 0; run <= runs; run += 1) {
    const child = spawnSync(process.execPath, [COLD_IMPORT_CHILD, outfile, ...preload], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        // What Lambda sets that the module's top level may read; credentials are not needed to import.
        AWS_REGION: 'us-east-1',
      },
    });
    if (child.status !== 0) throw new Error(`cold import of ${outfile} failed:\n${child.stderr}`);
    if (run > 0) samples.push(JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as { importMs: number; rssBytes: number });
  }
  const times = samples.map((sample) => sample.importMs);
  return {
    medianMs: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    runs,
    rssBytes: median(samples.map((sample) => sample.rssBytes)),
  };
};

export const benchBundle = async (
  name: string,
  outdir: string,
  external: string[],
  coldRuns: number,
  entry?: string,
): Promise<BundleVariant> => {
  const started = performance.now();
  const bundle = await buildHandlerBundle(outdir, external, entry);
  const buildMs = performance.now() - started;
  const zippedBytes =
    deflateRawSync(readFileSync(bundle.outfile), { level: 9 }).length +
    deflateRawSync(readFileSync(`${bundle.outfile}.map`), { level: 9 }).length;
  const output = Object.values(bundle.metafile.outputs).find((candidate) => candidate.entryPoint);
  const externalImports = [
    ...new Set((output?.imports ?? []).filter((entry) => entry.external && !isBuiltin(entry.path)).map((entry) => entry.path)),
  ].sort();
  return {
    name,
    bundle,
    buildMs,
    zippedBytes,
    mjml: mjmlInputs(bundle.metafile),
    externalImports,
    coldImport: coldImport(bundle.outfile, coldRuns),
  };
};

export interface SynthAsset {
  dir: string;
  bytes: number;
  mapBytes: number;
  modified: Date;
}

/** The function's code asset from the last `cdk synth`, when cdk.out holds one (it may be stale). */
export const synthAsset = (cdkOut = join(REPO_ROOT, 'cdk.out')): SynthAsset | undefined => {
  if (!existsSync(cdkOut)) return undefined;
  const manifests = ['IOBotReportMailer.assets.json'].map((file) => join(cdkOut, file)).filter((file) => existsSync(file));
  for (const manifest of manifests) {
    const { files } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      files: Record<string, { displayName?: string; source: { path: string; packaging?: string } }>;
    };
    for (const asset of Object.values(files)) {
      if (!asset.displayName?.endsWith('ReportMailer/Function/Code')) continue;
      const index = join(cdkOut, asset.source.path, 'index.mjs');
      if (!existsSync(index)) continue;
      const map = `${index}.map`;
      return {
        dir: join('cdk.out', asset.source.path),
        bytes: statSync(index).size,
        mapBytes: existsSync(map) ? statSync(map).size : 0,
        modified: statSync(index).mtime,
      };
    }
  }
  return undefined;
};
