/**
 * The Lambda bundle as `cdk synth` builds it, with esbuild's JS API: shared by `npm run bench` and
 * test/scripts/bundle-budget.test.ts so both measure what ships.
 *
 * infra/node-function.ts holds the one `LAMBDA_BUNDLING` every function is built with; below, each of
 * its props becomes the esbuild option NodejsFunction turns it into
 * (aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js, buildEsbuildArgs). MAPPED_BUNDLING_PROPS lists the
 * props handled here; the budget test fails when LAMBDA_BUNDLING gains one this file does not map.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { HANDLER_ENTRY, LAMBDA_BUNDLING, REPO_ROOT } from '../../infra/node-function.ts';

export { HANDLER_ENTRY, REPO_ROOT };

/** The LAMBDA_BUNDLING props lambdaBuildOptions turns into esbuild options. */
export const MAPPED_BUNDLING_PROPS = [
  'banner',
  'esbuildArgs',
  'externalModules',
  'forceDockerBundling',
  'format',
  'keepNames',
  'mainFields',
  'minify',
  'sourceMap',
  'sourceMapMode',
  'sourcesContent',
  'target',
] as const;

/** What the stack ships: everything bundled, the AWS SDK included. */
export const SHIPPED_EXTERNAL: string[] = [];
/** The alternative the bench compares against: the AWS SDK left to the Node 22 runtime. */
export const AWS_SDK_EXTERNAL = ['@aws-sdk/*'];

/**
 * LAMBDA_BUNDLING.esbuildArgs as esbuild options. Only `--alias` ("package=path", path relative to the
 * working directory) is used; any other argument throws, so the bench never measures less than ships.
 */
export const esbuildArgsOptions = (args: Record<string, string | boolean | string[]>): Pick<BuildOptions, 'alias'> => {
  const alias: Record<string, string> = {};
  for (const [key, value] of Object.entries(args)) {
    if (key !== '--alias') throw new Error(`bundle-options.ts does not map esbuildArgs ${key}: teach esbuildArgsOptions it`);
    for (const entry of Array.isArray(value) ? value : [String(value)]) {
      const [name = '', path = ''] = entry.split('=');
      if (!name || !path) throw new Error(`esbuildArgs --alias ${JSON.stringify(entry)}: expected "package=path"`);
      alias[name] = path;
    }
  }
  return Object.keys(alias).length > 0 ? { alias } : {};
};

/**
 * esbuild options equivalent to the CLI call NodejsFunction makes for LAMBDA_BUNDLING:
 * `esbuild --bundle <entry> --target=node22 --platform=node --format=esm --outfile=<dir>/index.mjs
 *  --minify --sourcemap --sources-content=false --keep-names
 *  --banner:js=<ESM_REQUIRE_BANNER> --main-fields=module,main` plus LAMBDA_BUNDLING.esbuildArgs
 *  (`--alias:…`), run from projectRoot (REPO_ROOT).
 * `external` defaults to what ships (nothing external); pass AWS_SDK_EXTERNAL to leave the SDK to the runtime.
 */
export const lambdaBuildOptions = (outdir: string, external: string[] = SHIPPED_EXTERNAL, entry = HANDLER_ENTRY): BuildOptions => ({
  absWorkingDir: REPO_ROOT,
  entryPoints: [entry],
  bundle: true,
  target: LAMBDA_BUNDLING.target,
  platform: 'node',
  format: 'esm', // OutputFormat.ESM (and the .mjs file name)
  outfile: join(outdir, 'index.mjs'),
  minify: LAMBDA_BUNDLING.minify,
  sourcemap: LAMBDA_BUNDLING.sourceMap, // with SourceMapMode.DEFAULT: `--sourcemap` (linked .map file)
  sourcesContent: LAMBDA_BUNDLING.sourcesContent,
  external: [...LAMBDA_BUNDLING.externalModules, ...external],
  keepNames: LAMBDA_BUNDLING.keepNames,
  banner: { js: LAMBDA_BUNDLING.banner },
  mainFields: LAMBDA_BUNDLING.mainFields,
  ...esbuildArgsOptions(LAMBDA_BUNDLING.esbuildArgs),
  // Not CDK's, and without effect on the output: the inputs, for the budget checks.
  metafile: true,
  logLevel: 'silent',
});

export interface BundleInput {
  /** Path relative to the repository root, as esbuild names it ("node_modules/zod/v4/..."). */
  path: string;
  /** Bytes this input contributes to index.mjs (after minification). */
  bytes: number;
}

export interface HandlerBundle {
  outfile: string;
  /** index.mjs: what Lambda loads (the budget). */
  bytes: number;
  /** index.mjs.map, shipped alongside. */
  mapBytes: number;
  /** Every input esbuild bundled, by contribution to index.mjs, largest first. */
  inputs: BundleInput[];
  metafile: Metafile;
}

/** Bundle the handler into `outdir` (created if needed). Put it inside the repo so external `@aws-sdk/*` resolve. */
export const buildHandlerBundle = async (
  outdir: string,
  external: string[] = SHIPPED_EXTERNAL,
  entry = HANDLER_ENTRY,
): Promise<HandlerBundle> => {
  mkdirSync(outdir, { recursive: true });
  const options = lambdaBuildOptions(outdir, external, entry);
  const result = await build(options);
  const metafile = result.metafile as Metafile;
  const outfile = options.outfile as string;
  const key = relative(REPO_ROOT, outfile);
  const output = metafile.outputs[key];
  if (!output) throw new Error(`esbuild metafile has no output ${key}: ${Object.keys(metafile.outputs).join(', ')}`);
  const inputs = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return { outfile, bytes: statSync(outfile).size, mapBytes: statSync(`${outfile}.map`).size, inputs, metafile };
};

/** Bundled inputs that come from mjml or one of its mjml-* packages (the build-time compiler must not ship). */
export const mjmlInputs = (metafile: Metafile): string[] =>
  Object.keys(metafile.inputs).filter((path) => path.includes('node_modules/mjml'));

/** The npm package an input path belongs to ("@aws-lambda-powertools/logger", "zod"), or "(project)". */
export const packageOf = (path: string): string => {
  const marker = 'node_modules/';
  const at = path.lastIndexOf(marker);
  if (at < 0) return '(project)';
  const [first = '', second = ''] = path.slice(at + marker.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
};
