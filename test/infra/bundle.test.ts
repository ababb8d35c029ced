import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '../../functions/config/load-runtime-config.ts';
import { loadConfig } from '../../infra/config-schema.ts';
import { ESM_REQUIRE_BANNER, REPO_ROOT } from '../../infra/node-function.ts';
import { reportConfig } from '../../infra/report.config.ts';
import { mailerFunction, synthesize } from './synth.ts';

/**
 * The esbuild settings of the NodejsFunction, exercised for real (local esbuild, no Docker) on a probe
 * handler with the same kinds of dependencies as the real one. The real handler is bundled by
 * `cdk synth` (CI runs it); the probe keeps this test independent of functions/ work in progress.
 *
 * The cloud assembly goes under node_modules/.cache, inside the repository, as in the bench.
 */
describe('NodejsFunction bundle (esbuild, ESM, arm64 / node22)', () => {
  let outdir: string;
  let assetDir: string;
  let variables: Record<string, unknown>;

  beforeAll(() => {
    const cacheDir = join(REPO_ROOT, 'node_modules', '.cache');
    mkdirSync(cacheDir, { recursive: true });
    outdir = mkdtempSync(join(cacheDir, 'iobot-infra-bundle-'));
    const { template } = synthesize({
      bundle: true,
      outdir,
      handlerEntry: join(REPO_ROOT, 'test/infra/fixtures/bundle-probe.ts'),
    });
    const [, fn] = mailerFunction(template);
    variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const s3Key = (fn.Properties.Code as { S3Key: string }).S3Key;
    assetDir = join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
  }, 120_000);

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('emits index.mjs starting with the createRequire banner, and its source map', () => {
    // act
    const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');

    // assert
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
    expect(code).toContain('//# sourceMappingURL=index.mjs.map');
  });

  it('ships the validated report config next to index.mjs, pinned by the SHA-256 in the environment', () => {
    // act
    const config = loadRuntimeConfig(
      { file: variables.REPORT_CONFIG_FILE as string, sha256: variables.REPORT_CONFIG_SHA256 as string },
      assetDir,
    );

    // assert
    expect(config).toEqual(loadConfig(reportConfig).runtime);
  });

  it('bundles the AWS SDK, Powertools, zod, handlebars and nodemailer: nothing is left to the runtime', () => {
    // act
    const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    const map = JSON.parse(readFileSync(join(assetDir, 'index.mjs.map'), 'utf8')) as {
      sources: string[];
      sourcesContent?: unknown[];
    };

    const sources = map.sources.map((source) => resolve(assetDir, source));

    // assert
    expect(code).not.toMatch(/from\s*"@aws-sdk\//);
    for (const bundled of ['@aws-sdk/client-ses', '@aws-lambda-powertools/logger', 'zod', 'handlebars', 'nodemailer']) {
      expect(
        sources.some((source) => source.includes(`/node_modules/${bundled}/`)),
        bundled,
      ).toBe(true);
    }
    expect(sources).toContain(join(REPO_ROOT, 'test/infra/fixtures/bundle-probe.ts'));
    expect(map.sourcesContent).toBeUndefined();
  });

  it("takes AWS credentials from what Lambda provides: the alias replaced the SDK's Node.js chain", () => {
    // prepare
    const map = JSON.parse(readFileSync(join(assetDir, 'index.mjs.map'), 'utf8')) as { sources: string[] };

    // act
    const sources = map.sources.map((source) => resolve(assetDir, source));

    // assert: what CDK actually passed to esbuild, not the bench's copy of the options
    expect(sources.filter((source) => /credential-provider-(node|ini|sso)|nested-clients/.test(source))).toEqual([]);
    expect(sources).toContain(join(REPO_ROOT, 'functions/shared/lambda-credential-provider.ts'));
  });

  it('is lean: minified, tree-shaken', () => {
    // act
    const bytes = statSync(join(assetDir, 'index.mjs')).size;

    // assert: the probe's share of the SDK, Powertools, zod, handlebars and nodemailer
    expect(bytes).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('runs as an ES module: CommonJS dependencies find require, names survive minification', async () => {
    // prepare
    const bundle = (await import(pathToFileURL(join(assetDir, 'index.mjs')).href)) as {
      handler: (event: unknown) => Promise<{ html: string; mime: string; sesClient: string; errorName: string }>;
    };

    // act
    const result = await bundle.handler({ name: 'Ana <b>' });

    // assert
    expect(result.html).toBe('<p>Hola Ana &lt;b&gt;</p>');
    expect(result.mime).toContain('Subject: probe');
    expect(result.mime).toContain('Content-Type: multipart/alternative');
    expect(result.sesClient).toBe('function');
    expect(result.errorName).toBe('ProbeError');
  });
});
