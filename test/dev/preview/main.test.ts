import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;
const main = new URL('../../../dev/preview/main.ts', import.meta.url).pathname;

const firstLine = (child: ChildProcess): Promise<string> =>
  new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing its URL: ${out}`)));
  });

describe('npm run preview (dev/preview/main.ts)', () => {
  it('prints its URL, serves the page, and stops cleanly on Ctrl-C', async () => {
    // prepare
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));

    // act
    const line = await firstLine(child);
    const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
    const page = await fetch(`${url}/`);
    const html = await page.text();
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];

    // assert
    expect(line).toMatch(/^IOBot report preview on http:\/\/127\.0\.0\.1:\d+ /);
    expect(page.status).toBe(200);
    expect(html).toContain('<title>IOBot report preview</title>');
    expect(code).toBe(0);
    expect(stderr).toBe('');
  }, 60_000);

  it('says so when the port is taken, and exits', async () => {
    // prepare
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;

    // act
    const result = spawnSync(process.execPath, ['--import', 'tsx', main, '--port', String(port)], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    taken.close();

    // assert
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`preview: port ${port} is in use: choose another with --port`);
  }, 60_000);

  it('refuses a port that is not a number, naming it', () => {
    // act
    const result = spawnSync(process.execPath, ['--import', 'tsx', main, '--port', 'http'], { cwd: root, encoding: 'utf8' });

    // assert
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port must be a port number (0-65535), got "http"');
  });
});
