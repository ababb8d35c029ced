import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    // Both templates go through one cfn-lint process: its start-up (Python, the resource specs) is most of its time.
    const outdirs: string[] = [];
    let result: { status: number | null; lines: string[] };
    const committed = () => exampleConfig();
    const variant = () => {
      const config = exampleConfig();
      return {
        ...config,
        groups: [...config.groups, { ...structuredClone(config.groups[0]!), name: 'second', timeZone: 'Europe/Madrid' }],
        sesIdentity: 'reportes@example.com',
        secret: { name: 'shared/iobot', import: true },
        reservedConcurrency: null,
      };
    };
    const templateOf = (config: unknown): string => {
      const outdir = mkdtempSync(join(tmpdir(), 'iobot-cfn-lint-'));
      outdirs.push(outdir);
      synthesize({ config, outdir });
      return join(outdir, `${STACK_NAME}.template.json`);
    };
    const files: string[] = [];

    beforeAll(() => {
      files.push(templateOf(committed()), templateOf(variant()));
      const run = spawnSync('cfn-lint', ['--', ...files], { encoding: 'utf8' });
      result = { status: run.status, lines: `${run.stdout}${run.stderr}`.split('\n').filter((line) => line.trim() !== '') };
    });
    afterAll(() => outdirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

    // cfn-lint names the template on each finding; a line naming neither is a failure of both.
    const findingsFor = (file: string) =>
      result.lines.filter((line) => line.includes(file) || !files.some((other) => line.includes(other)));

    it('reports nothing for the committed config', () => {
      // assert
      expect(findingsFor(files[0]!)).toEqual([]);
      expect(result.status).toBe(0);
    });

    it('reports nothing for the variant with an imported secret, an address identity and two groups', () => {
      // assert
      expect(findingsFor(files[1]!)).toEqual([]);
      expect(result.status).toBe(0);
    });
  },
);
