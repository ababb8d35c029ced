import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLING } from '../../infra/node-function.ts';
import { UNSUBSCRIBE_ENTRY } from '../../infra/constructs/unsubscribe-endpoint.ts';
import {
  buildHandlerBundle,
  MAPPED_BUNDLING_PROPS,
  mjmlInputs,
  REPO_ROOT,
  type HandlerBundle,
} from '../../scripts/bench/bundle-options.ts';

/**
 * A cheap guard on what the Lambda ships: the real handler bundled with the stack's esbuild options
 * (AWS SDK bundled, as shipped), in a second or two. `npm run bench` has the full figures (cold import,
 * top inputs, the 1 MB target); this only fails on the regressions that matter most. The limits are
 * the shipped sizes (1,094,001 B; 391,270 B; 367,151 B) plus 10–20 %.
 */
const BUNDLE_LIMIT_BYTES = 1_200_000;

/**
 * The SDK's Node.js credential chain beyond environment and container endpoint: profiles, SSO, sign-in,
 * processes, web identity, instance metadata, and the STS/SSO clients they carry. Lambda never uses
 * them; infra/node-function.ts aliases the chain to functions/shared/lambda-credential-provider.ts.
 */
const UNUSED_CREDENTIAL_SOURCES =
  /node_modules\/@aws-sdk\/(credential-provider-(node|ini|sso|login|process|web-identity)|nested-clients|token-providers)\/|node_modules\/@smithy\/credential-provider-imds\//;
const unusedCredentialInputs = (bundle: HandlerBundle): string[] =>
  bundle.inputs.filter((input) => UNUSED_CREDENTIAL_SOURCES.test(input.path)).map((input) => input.path);

describe('Lambda bundle budget', () => {
  let outdir: string;
  let bundle: HandlerBundle;

  beforeAll(async () => {
    // prepare
    outdir = mkdtempSync(join(tmpdir(), 'iobot-bundle-budget-'));

    // act
    bundle = await buildHandlerBundle(outdir);
  });

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('bundles no mjml module (MJML is compiled at build time only)', () => {
    // assert
    expect(mjmlInputs(bundle.metafile)).toEqual([]);
  });

  it(`stays under ${BUNDLE_LIMIT_BYTES.toLocaleString('en-US')} bytes`, () => {
    // prepare
    const largest = bundle.inputs
      .slice(0, 5)
      .map((input) => `${input.path} ${input.bytes} B`)
      .join('; ');

    // assert
    expect(bundle.bytes, `index.mjs is ${bundle.bytes} B; largest inputs: ${largest}`).toBeLessThan(BUNDLE_LIMIT_BYTES);
  });

  it('bundles only the credential providers Lambda uses (environment, container endpoint)', () => {
    // assert
    expect(unusedCredentialInputs(bundle)).toEqual([]);
    expect(bundle.inputs.some((input) => input.path.endsWith('functions/shared/lambda-credential-provider.ts'))).toBe(true);
  });

  it("maps every prop of the stack's LAMBDA_BUNDLING to an esbuild option (scripts/bench/bundle-options.ts)", () => {
    // assert: when this fails, teach lambdaBuildOptions the new prop and list it in MAPPED_BUNDLING_PROPS
    expect(Object.keys(LAMBDA_BUNDLING).sort()).toEqual([...MAPPED_BUNDLING_PROPS]);
  });
});

/** The unsubscribe endpoint's own bundle: small and free of the report code (no templates, no mjml). */
const UNSUBSCRIBE_LIMIT_BYTES = 450_000;

describe('unsubscribe endpoint bundle budget', () => {
  let outdir: string;
  let bundle: HandlerBundle;

  beforeAll(async () => {
    // prepare
    outdir = mkdtempSync(join(tmpdir(), 'iobot-unsubscribe-budget-'));

    // act
    bundle = await buildHandlerBundle(outdir, undefined, UNSUBSCRIBE_ENTRY);
  });

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it(`stays under ${UNSUBSCRIBE_LIMIT_BYTES.toLocaleString('en-US')} bytes without the report's templates or mjml`, () => {
    // assert
    expect(mjmlInputs(bundle.metafile)).toEqual([]);
    expect(bundle.inputs.filter((input) => input.path.includes('functions/report/'))).toEqual([]);
    expect(bundle.bytes).toBeLessThan(UNSUBSCRIBE_LIMIT_BYTES);
    expect(unusedCredentialInputs(bundle)).toEqual([]);
  });
});

/** The delivery-events consumer ships alone: no rendering, no templates, no mail composer. */
const CONSUMER_LIMIT_BYTES = 450_000;

describe('delivery-events consumer bundle budget', () => {
  let outdir: string;
  let bundle: HandlerBundle;

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'iobot-consumer-budget-'));
    bundle = await buildHandlerBundle(outdir, undefined, join(REPO_ROOT, 'functions/delivery-events/handler.ts'));
  });

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it(`stays under ${CONSUMER_LIMIT_BYTES.toLocaleString('en-US')} bytes and bundles no rendering or mail code`, () => {
    const largest = bundle.inputs
      .slice(0, 5)
      .map((input) => `${input.path} ${input.bytes} B`)
      .join('; ');

    expect(bundle.bytes, `index.mjs is ${bundle.bytes} B; largest inputs: ${largest}`).toBeLessThan(CONSUMER_LIMIT_BYTES);
    expect(bundle.inputs.filter((input) => /node_modules\/(handlebars|nodemailer|mjml)|functions\/report\//.test(input.path))).toEqual([]);
    expect(unusedCredentialInputs(bundle)).toEqual([]);
  });
});
