/**
 * The Lambda bundle as `cdk synth` builds it, with esbuild's JS API: shared by `npm run bench` and
 * test/bundle-budget.test.ts so both measure what ships.
 *
 * infra/report-mailer-stack.ts exports the entry, the project root and the createRequire banner (imported
 * here), but not its `bundling` props: those are mirrored below, each as the esbuild option that
 * NodejsFunction turns it into (aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js, buildEsbuildArgs).
 * STACK_BUNDLING_PROPS is the stack's block as written; test/bundle-budget.test.ts fails when the two
 * drift apart.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { ESM_REQUIRE_BANNER, HANDLER_ENTRY, REPO_ROOT } from '../../infra/report-mailer-stack.ts';

export { HANDLER_ENTRY, REPO_ROOT };

/** `bundling: { ... }` of the ReportMailerFunction in infra/report-mailer-stack.ts, verbatim (values as source text). */
export const STACK_BUNDLING_PROPS: Readonly<Record<string, string>> = {
  format: 'nodejs.OutputFormat.ESM',
  target: "'node22'",
  mainFields: "['module', 'main']",
  banner: 'ESM_REQUIRE_BANNER',
  minify: 'true',
  keepNames: 'true',
  sourceMap: 'true',
  sourceMapMode: 'nodejs.SourceMapMode.DEFAULT',
  sourcesContent: 'false',
  externalModules: '[]',
  forceDockerBundling: 'false',
};

/** What the stack ships: everything bundled, the AWS SDK included. */
export const SHIPPED_EXTERNAL: string[] = [];
/** The alternative the bench compares against: the AWS SDK left to the Node 22 runtime. */
export const AWS_SDK_EXTERNAL = ['@aws-sdk/*'];

/**
 * esbuild options equivalent to the CLI call NodejsFunction makes for STACK_BUNDLING_PROPS:
 * `esbuild --bundle <entry> --target=node22 --platform=node --format=esm --outfile=<dir>/index.mjs
 *  --minify --sourcemap --sources-content=false --keep-names
 *  --banner:js=<ESM_REQUIRE_BANNER> --main-fields=module,main`, run from projectRoot (REPO_ROOT).
 * `external` defaults to what ships (nothing external); pass AWS_SDK_EXTERNAL to leave the SDK to the runtime.
 */
export const lambdaBuildOptions = (outdir: string, external: string[] = SHIPPED_EXTERNAL): BuildOptions => ({
  absWorkingDir: REPO_ROOT,
  entryPoints: [HANDLER_ENTRY],
  bundle: true,
  target: 'node22', // target
  platform: 'node',
  format: 'esm', // format: ESM (and the .mjs file name)
  outfile: join(outdir, 'index.mjs'),
  minify: true, // minify
  sourcemap: true, // sourceMap + SourceMapMode.DEFAULT: `--sourcemap` (linked .map file)
  sourcesContent: false, // sourcesContent
  external, // externalModules
  keepNames: true, // keepNames
  banner: { js: ESM_REQUIRE_BANNER }, // banner
  mainFields: ['module', 'main'], // mainFields
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
export const buildHandlerBundle = async (outdir: string, external: string[] = SHIPPED_EXTERNAL): Promise<HandlerBundle> => {
  mkdirSync(outdir, { recursive: true });
  const options = lambdaBuildOptions(outdir, external);
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

/** The `bundling: { ... }` block of the stack file as { key: value source text }, comments dropped. */
export const readStackBundlingProps = (stackFile = join(REPO_ROOT, 'infra/report-mailer-stack.ts')): Record<string, string> => {
  const source = readFileSync(stackFile, 'utf8');
  const block = /\n(\s*)bundling: \{\n([\s\S]*?)\n\1\},/.exec(source);
  if (!block?.[2]) throw new Error(`no "bundling: {" block found in ${stackFile}`);
  const props: Record<string, string> = {};
  for (const line of block[2].split('\n')) {
    const code = line.replace(/\/\/.*$/, '').trim();
    if (!code) continue;
    const match = /^(\w+):\s*(.+?),?$/.exec(code);
    if (!match?.[1] || match[2] === undefined) throw new Error(`unexpected line in the bundling block: ${line.trim()}`);
    props[match[1]] = match[2];
  }
  return props;
};
