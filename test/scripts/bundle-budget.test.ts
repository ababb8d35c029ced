import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildHandlerBundle,
  mjmlInputs,
  readStackBundlingProps,
  STACK_BUNDLING_PROPS,
  type HandlerBundle,
} from '../../scripts/bench/bundle-options.ts';

/**
 * A cheap guard on what the Lambda ships: the real handler bundled with the stack's esbuild options
 * (AWS SDK bundled, as shipped), in a second or two. `npm run bench` has the full figures (cold import,
 * top inputs, the 1 MB target); this only fails on the two regressions that matter most.
 */
const BUNDLE_LIMIT_BYTES = 1_500_000;

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
    const largest = bundle.inputs.slice(0, 5).map((input) => `${input.path} ${input.bytes} B`).join('; ');

    // assert
    expect(bundle.bytes, `index.mjs is ${bundle.bytes} B; largest inputs: ${largest}`).toBeLessThan(BUNDLE_LIMIT_BYTES);
  });

  it("builds with the stack's bundling options (scripts/bench/bundle-options.ts mirrors infra/report-mailer-stack.ts)", () => {
    // act
    const stackProps = readStackBundlingProps();

    // assert: when this fails, update lambdaBuildOptions and STACK_BUNDLING_PROPS together
    expect(stackProps).toEqual(STACK_BUNDLING_PROPS);
  });
});
