import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig, sha256Hex } from '../../functions/config/load-runtime-config.ts';

const validJson = JSON.stringify({
  sender: { address: 'reportes@example.com', name: 'Reportes' },
  apiBaseUrl: 'https://api.example.com',
  groups: [{ name: 'aquatec', businessId: 1, timeZone: 'America/Tegucigalpa', companies: [{ id: 1, to: ['a@example.com'] }] }],
});

const writeConfig = (content: string): { dir: string; name: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'runtime-config-'));
  writeFileSync(join(dir, 'report-config.json'), content);
  return { dir, name: 'report-config.json' };
};

describe('loadRuntimeConfig', () => {
  it('reads the bundled file relative to the code directory, checks its SHA-256 and applies the defaults', () => {
    // prepare
    const { dir, name } = writeConfig(validJson);

    // act
    const config = loadRuntimeConfig({ file: name, sha256: sha256Hex(validJson) }, dir);

    // assert
    expect(config.groups[0]?.companies[0]).toEqual({ id: 1, to: ['a@example.com'], cc: [], bcc: [] });
    expect(config.sendRatePerSecond).toBe(5);
  });

  it('accepts inline JSON (local runs)', () => {
    // act
    const config = loadRuntimeConfig({ inline: validJson }, '/nowhere');

    // assert
    expect(config.groups[0]?.name).toBe('aquatec');
  });

  it('refuses a file whose SHA-256 is not the one in the environment', () => {
    // prepare
    const { dir, name } = writeConfig(validJson);
    const other = sha256Hex('something else');

    // act
    const act = () => loadRuntimeConfig({ file: name, sha256: other }, dir);

    // assert
    expect(act).toThrow(`has SHA-256 ${sha256Hex(validJson)}, REPORT_CONFIG_SHA256 says ${other}`);
  });

  it('names the source and every schema issue', () => {
    // prepare
    const { dir, name } = writeConfig(validJson.replace('a@example.com', 'a@'));

    // act
    const act = () => loadRuntimeConfig({ file: name }, dir);

    // assert
    expect(act).toThrow(
      'Invalid report config in REPORT_CONFIG_FILE (report-config.json):\ngroups[0].companies[0].to[0]: not a valid email address: "a@"',
    );
  });

  it('says which file is missing, and that exactly one source is expected', () => {
    // act
    const missing = () => loadRuntimeConfig({ file: 'absent.json' }, '/tmp/no-such-dir');
    const both = () => loadRuntimeConfig({ file: 'x.json', inline: validJson }, '/tmp');
    const neither = () => loadRuntimeConfig({}, '/tmp');

    // assert
    expect(missing).toThrow('cannot read REPORT_CONFIG_FILE "/tmp/no-such-dir/absent.json" (ENOENT)');
    expect(both).toThrow('set exactly one of REPORT_CONFIG_FILE');
    expect(neither).toThrow('set exactly one of REPORT_CONFIG_FILE');
  });

  it('says when the content is not JSON', () => {
    // act
    const act = () => loadRuntimeConfig({ inline: '{"sender":' }, '/tmp');

    // assert
    expect(act).toThrow(/^Invalid report config: REPORT_CONFIG is not valid JSON/);
  });
});
