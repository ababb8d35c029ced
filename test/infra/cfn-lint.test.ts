import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STACK_NAME } from '../../infra/main.ts';
import { exampleConfig, synthesize } from './synth.ts';

/**
 * cfn-lint (Python, `pip install cfn-lint`) checks the synthesized template against the CloudFormation
 * resource specs. It is not an npm dependency, so this test runs where it is installed and is skipped,
 * saying why, where it is not.
 */
const cfnLintVersion = (() => {
  const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
})();
const skipReason = 'skipped: cfn-lint is not installed (pip install cfn-lint)';
if (!cfnLintVersion) console.warn(`[test/infra/cfn-lint.test.ts] ${skipReason}`);

describe.skipIf(!cfnLintVersion)(
  `cfn-lint on the synthesized template${cfnLintVersion ? ` (${cfnLintVersion})` : ` (${skipReason})`}`,
  () => {
    const outdirs: string[] = [];
    afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

    const lint = (config?: unknown) => {
      const outdir = mkdtempSync(join(tmpdir(), 'iobot-cfn-lint-'));
      outdirs.push(outdir);
      synthesize({ config, outdir });
      return spawnSync('cfn-lint', ['--', join(outdir, `${STACK_NAME}.template.json`)], { encoding: 'utf8' });
    };

    it('reports nothing for the committed config', () => {
      // act
      const result = lint();

      // assert
      expect(`${result.stdout}${result.stderr}`).toBe('');
      expect(result.status).toBe(0);
    });

    it('reports nothing for the variant with an imported secret, an address identity and two groups', () => {
      // prepare
      const config = exampleConfig();
      const variant = {
        ...config,
        groups: [...config.groups, { ...structuredClone(config.groups[0]!), name: 'second', timeZone: 'Europe/Madrid' }],
        sesIdentity: 'reportes@example.com',
        secret: { name: 'shared/iobot', import: true },
        reservedConcurrency: null,
      };

      // act
      const result = lint(variant);

      // assert
      expect(`${result.stdout}${result.stderr}`).toBe('');
      expect(result.status).toBe(0);
    });
  },
);
