/**
 * The report mailer's memory, from the send rate it must keep. Past a few emails a second a run is
 * CPU-bound (render, MIME, signing and the archive: `npm run bench`, load section, measures it per
 * email), and Lambda gives CPU in proportion to memory: 1,769 MB is one vCPU, 512 MB about 0.29. At the
 * old fixed 512 MB a group configured for 50/s could send only about 25/s, and its time budget was
 * computed for a rate it never reached.
 */
import { Annotations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Handler CPU per email: `npm run bench` (load section) measures 11–13 ms on its 2-core x86 host and
 * checks it stays under this figure; 15 leaves room for a slower core (Lambda's arm64) and a busy host.
 */
export const CPU_MS_PER_EMAIL = 15;
/** For GC pauses, TLS and retries: the CPU is never planned past five sixths. */
const CPU_HEADROOM = 1.2;
const MB_PER_VCPU = 1_769;
/** What the monthly job had before the rate sized it: enough memory for pages of 100 companies. */
export const BASE_MEMORY_MB = 512;
/** One thread runs the JavaScript, so memory past one vCPU does not make one invocation send faster. */
export const MAX_MEMORY_MB = MB_PER_VCPU;
/** The fastest rate one invocation keeps with the headroom above (55 emails/s). */
export const MAX_RATE_PER_INVOCATION = Math.floor(1000 / CPU_MS_PER_EMAIL / CPU_HEADROOM);

/** 512 MB up to about 16 emails/s, then what the rate's CPU needs, in 64 MB steps, up to one vCPU. */
export const functionMemoryFor = (sendRatePerSecond: number): number => {
  const needed = ((sendRatePerSecond * CPU_MS_PER_EMAIL) / 1000) * CPU_HEADROOM * MB_PER_VCPU;
  return Math.min(MAX_MEMORY_MB, Math.max(BASE_MEMORY_MB, Math.ceil(needed / 64) * 64));
};

/**
 * Source maps for stack traces, and V8's old generation capped at half the function's memory: V8 sizes
 * its heap from the host, and a heap allowed to grow toward the function's limit collects late, so
 * the process is killed for memory instead of collecting garbage. Half leaves room for buffers, sockets
 * and code; a paged run's live set is far below it (`npm run bench`, load section).
 */
export const lambdaNodeOptions = (memoryMb: number): string => `--enable-source-maps --max-old-space-size=${Math.floor(memoryMb / 2)}`;

/** A synth warning (not an error: a higher rate still works, only slower) when one invocation cannot keep it. */
export const warnAboveOneInvocation = (scope: IConstruct, sendRatePerSecond: number): void => {
  if (sendRatePerSecond <= MAX_RATE_PER_INVOCATION) return;
  Annotations.of(scope).addWarningV2(
    'iobot:send-rate-above-one-invocation',
    `sendRatePerSecond ${sendRatePerSecond}: one invocation sends about ${MAX_RATE_PER_INVOCATION} emails/s at most ` +
      `(${CPU_MS_PER_EMAIL} ms of CPU each, one vCPU at ${MAX_MEMORY_MB} MB), so runs take longer than the rate suggests ` +
      'and the time budget defers more to the next run. See README.md, "Past one invocation".',
  );
};
