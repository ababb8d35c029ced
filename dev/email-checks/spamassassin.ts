// SpamAssassin's verdict on a whole message (headers, both parts, attachments), from the Debian
// package's `spamassassin` script in local mode (-L: no DNS or network tests, so the score depends
// only on the bytes). Missing binary: `{ available: false }`, and callers say so instead of failing.
import { spawn } from 'node:child_process';

export interface SpamRule {
  name: string;
  score: number;
}

export type SpamAssassinReport = { available: false } | { available: true; score: number; rules: SpamRule[] };

const TIMEOUT_MS = 60_000;

/** The points and the rules from the "Content analysis details" block of `spamassassin -t`. */
export const parseSpamReport = (output: string): { score: number; rules: SpamRule[] } => {
  const details = /Content analysis details:\s+\((-?\d+(?:\.\d+)?) points/.exec(output);
  if (!details) throw new Error(`no "Content analysis details" in SpamAssassin's output:\n${output.slice(-2000)}`);
  const table = output.slice(details.index).split('\n');
  const start = table.findIndex((line) => line.startsWith('---- '));
  const rules: SpamRule[] = [];
  for (const line of table.slice(start + 1)) {
    const rule = /^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]+)\s/.exec(line);
    if (rule) rules.push({ name: rule[2] as string, score: Number(rule[1]) });
    else if (line.trim() !== '' && !/^\s{2,}/.test(line)) break; // the end of the table (continuation lines are indented)
  }
  return { score: Number(details[1]), rules };
};

const run = (input: Buffer, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string } | null> =>
  new Promise((resolve, reject) => {
    const child = spawn('spamassassin', ['-L', '-t', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') resolve(null);
      else reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
    child.stdin.on('error', () => undefined); // the process may exit before reading everything; 'close' reports it
    child.stdin.end(input);
  });

/** Scores one raw RFC 5322 message (an .eml file's bytes). */
export const spamAssassinReport = async (eml: string | Buffer): Promise<SpamAssassinReport> => {
  const result = await run(typeof eml === 'string' ? Buffer.from(eml, 'utf8') : eml);
  if (result === null) return { available: false };
  if (result.code !== 0) throw new Error(`spamassassin exited with ${result.code}: ${result.stderr.slice(-2000)}`);
  return { available: true, ...parseSpamReport(result.stdout) };
};

// One mbox "From " line per message, naming its index, so the output splits back unambiguously.
const separator = (index: number): string => `From iobot-spam-check-${index}@localhost Thu Jan  1 00:00:00 1970`;

/**
 * Scores several messages in one `spamassassin --mbox` process: loading its rules takes about a second,
 * scoring a message a few milliseconds. Lines of a message that start with "From " are quoted (mboxrd).
 */
export const spamAssassinReports = async (emls: (string | Buffer)[]): Promise<SpamAssassinReport[]> => {
  if (emls.length === 0) return [];
  // latin1 keeps every byte as it is (8-bit bodies included); only "\n" ends a line, as in mbox.
  const mbox = emls
    .map((eml, index) => {
      const text = (typeof eml === 'string' ? Buffer.from(eml, 'utf8') : eml).toString('latin1').replace(/\r\n/g, '\n');
      const quoted = text.replace(/(^|\n)(>*From )/g, '$1>$2');
      return `${separator(index)}\n${quoted.endsWith('\n') ? quoted : `${quoted}\n`}`;
    })
    .join('');
  const result = await run(Buffer.from(mbox, 'latin1'), ['--mbox']);
  if (result === null) return emls.map(() => ({ available: false }));
  if (result.code !== 0) throw new Error(`spamassassin exited with ${result.code}: ${result.stderr.slice(-2000)}`);
  const parts = result.stdout.split(/(?:^|\n)From iobot-spam-check-(\d+)@localhost [^\n]*\n/);
  const byIndex = new Map<number, string>();
  for (let i = 1; i < parts.length; i += 2) byIndex.set(Number(parts[i]), parts[i + 1] ?? '');
  return emls.map((_, index) => {
    const output = byIndex.get(index);
    if (output === undefined) throw new Error(`spamassassin's output lacks message ${index + 1} of ${emls.length}`);
    return { available: true, ...parseSpamReport(output) };
  });
};
