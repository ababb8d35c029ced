/**
 * The real handler, bundled as it ships, over a generated group: IOBot simulator, aws-ses-v2-local,
 * local Secrets Manager and dynalite in this process (dev/local-stack.ts), the handler in a child
 * process (scripts/bench/run-handler.mjs) so its peak RSS is the run's own.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { demoConfig } from '../../dev/demo-config.ts';
import { startLocalStack } from '../../dev/local-stack.ts';
import { generateGroup } from '../../dev/synthetic/groups.ts';
import { BASE_MEMORY_MB, lambdaNodeOptions } from '../../infra/function-memory.ts';
import { REPO_ROOT } from './bundle-options.ts';

/**
 * The highest send rate the config schema accepts (config-schema.ts caps it at 500/s): with 51 emails the
 * limiter adds at most ~0.1 s, so it does not dominate the wall time.
 */
export const BENCH_SEND_RATE = 500;

export interface ChildReport {
  importMs: number;
  runMs: number;
  maxRssBytes: number;
  /** CPU time the handler's process used (user + system). */
  cpuMs: number;
  heapUsedBytes: number;
  counts?: Record<'sent' | 'skipped' | 'held' | 'failed', number>;
  htmlBytes: number[];
  summaryEmail?: string;
  error?: string;
}

export interface EndToEnd extends ChildReport {
  companies: number;
  month: string;
  /** Spawn to exit of the handler's process (node start-up, import, run). */
  processMs: number;
  /** Messages the SES emulator holds after the run. */
  delivered: number;
}

const RUN_HANDLER_CHILD = join(REPO_ROOT, 'scripts/bench/run-handler.mjs');

/**
 * One invocation of the bundled handler in a child process (plain node, not tsx: the bundle as Lambda
 * loads it), with `env` as its whole environment besides PATH; resolves with the child's figures.
 */
export const runHandlerChild = async (bundleFile: string, event: unknown, env: Record<string, string>): Promise<ChildReport> => {
  const child = fork(RUN_HANDLER_CHILD, [bundleFile, JSON.stringify(event)], {
    cwd: REPO_ROOT,
    // Plain node, not tsx; BENCH_CHILD_EXEC_ARGV="--cpu-prof --cpu-prof-dir=out/prof" profiles the handler.
    execArgv: process.env.BENCH_CHILD_EXEC_ARGV?.split(' ').filter(Boolean) ?? [],
    // The stack's NODE_OPTIONS (heap capped as deployed), unless the caller sets its own.
    env: {
      PATH: process.env.PATH,
      POWERTOOLS_LOG_LEVEL: 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
      NODE_OPTIONS: lambdaNodeOptions(BASE_MEMORY_MB),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise<ChildReport>((resolve, reject) => {
    let received: ChildReport | undefined;
    child.on('message', (message) => (received = message as ChildReport));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (received) resolve(received);
      else reject(new Error(`handler process exited with ${code} and no report:\n${output.slice(-4000)}`));
    });
  });
};

export const runEndToEnd = async (bundleFile: string, companyCount: number, month = '2026-04'): Promise<EndToEnd> => {
  const companies = generateGroup(companyCount);
  const stack = await startLocalStack({
    config: (apiBaseUrl) => ({ ...demoConfig(companies)(apiBaseUrl), sendRatePerSecond: BENCH_SEND_RATE }),
    simulator: { companies },
  });
  try {
    const event = { group: 'demo', month };
    const started = performance.now();
    const report = await runHandlerChild(bundleFile, event, stack.env);
    const processMs = performance.now() - started;
    const delivered = (await stack.inbox()).length;
    return { ...report, companies: companyCount, month, processMs, delivered };
  } finally {
    await stack.close();
  }
};
