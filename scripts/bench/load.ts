/**
 * The send path under load: a large group, `peoplePerCompany` addresses per company and so as many
 * emails (one per person), through the real handler (shipped bundle, child process),
 * the IOBot simulator, the SES emulator behind the fault proxy adding SES's latency to every call, and
 * the local DynamoDB ledger. The physical limit of a run is emails ÷ sendRatePerSecond: the token
 * bucket cannot go faster, so the figure is how close the pool gets to it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoConfig } from '../../dev/demo-config.ts';
import { startLocalStack } from '../../dev/local-stack.ts';
import { DEFAULT_HISTORY_MONTHS } from '../../functions/report-mailer/environment.ts';
import { monthPeriod, monthsBefore } from '../../functions/shared/report-period.ts';
import { functionMemoryFor, lambdaNodeOptions } from '../../infra/function-memory.ts';
import { startCountingProxy } from '../../dev/stand-ins/counting-proxy.ts';
import { startSesFaultProxy } from '../../dev/stand-ins/ses-fault-proxy.ts';
import { generateGroup } from '../../dev/synthetic/groups.ts';
import { runHandlerChild, type ChildReport } from './end-to-end.ts';

interface Recipients {
  to: string[];
  cc?: string[];
  bcc?: string[];
}

export interface LoadOptions {
  companies: number;
  /** Addresses per company, each its own email, dealt to to, cc and bcc in turn (dev/demo-config.ts). */
  peoplePerCompany: number;
  sendRatePerSecond: number;
  /** Latency the proxy adds to every SES call. */
  sesLatencyMs: number;
  month?: string;
  /** Extra variables for the handler's process (IOBOT_PAGE_SIZE, NODE_OPTIONS…). */
  env?: Record<string, string>;
}

export interface LoadResult extends ChildReport {
  options: LoadOptions;
  /** One message per person: every company's and the group summary's configured addresses. */
  emails: number;
  /** Of `emails`, the companies' (companies × peoplePerCompany); the rest is the group summary's. */
  companyEmails: number;
  /** AWS calls the run made, by service and operation (DynamoDB ledger and suppression list, S3 archive, SES). */
  awsCalls: Record<string, number>;
  /** emails ÷ rate: no run at this rate can be faster. */
  physicalLimitMs: number;
  /** First to last SES call seen by the proxy: the delivery phase alone. */
  sendPhaseMs: number;
  /** SES calls that reached the proxy, and the TCP connections they came over. */
  sesCalls: number;
  sesConnections: number;
  /** CPU the stand-ins (simulator, SES emulator and proxy, DynamoDB) used meanwhile, in this process. */
  standInCpuMs: number;
  /** The memory the stack gives the function at this rate; its heap cap is in the child's NODE_OPTIONS. */
  memoryMb: number;
}

export const runLoad = async (bundleFile: string, options: LoadOptions): Promise<LoadResult> => {
  const companies = generateGroup(options.companies);
  const stack = await startLocalStack({
    config: (apiBaseUrl) => ({
      ...demoConfig(companies, { peoplePerCompany: options.peoplePerCompany })(apiBaseUrl),
      sendRatePerSecond: options.sendRatePerSecond,
    }),
    simulator: { companies, memoize: true },
  });
  // IOBot's work is IOBot's: the answers for the month and its history are computed before the clock starts.
  const month = options.month ?? '2026-04';
  const group = JSON.parse(stack.env.REPORT_CONFIG ?? '{}') as { groups: { timeZone: string }[] };
  const period = monthPeriod(month, group.groups[0]?.timeZone ?? 'UTC');
  stack.simulator.precompute([period, ...monthsBefore(period, DEFAULT_HISTORY_MONTHS)]);
  const ses = await startSesFaultProxy(stack.sesUrl);
  // Every DynamoDB and S3 call of the run goes through a counter on its way to the stand-in.
  const dynamo = await startCountingProxy(stack.env.AWS_ENDPOINT_URL_DYNAMODB as string);
  const s3 = await startCountingProxy(stack.env.AWS_ENDPOINT_URL_S3 as string);
  ses.fault = { kind: 'delay', ms: options.sesLatencyMs };
  // As deployed: the config is a file next to the code, not a variable (Linux caps one at 128 KiB).
  const configDir = mkdtempSync(join(tmpdir(), 'iobot-load-'));
  const { REPORT_CONFIG: inline = '', ...env } = stack.env;
  writeFileSync(join(configDir, 'report-config.json'), inline);
  const memoryMb = functionMemoryFor(options.sendRatePerSecond);
  try {
    const cpuBefore = process.cpuUsage();
    const report = await runHandlerChild(
      bundleFile,
      { group: 'demo', month },
      {
        ...env,
        REPORT_CONFIG_FILE: join(configDir, 'report-config.json'),
        AWS_ENDPOINT_URL_SES: ses.url,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
        AWS_ENDPOINT_URL_S3: s3.url,
        // As deployed at this rate (infra/function-memory.ts): the heap cap follows the memory.
        NODE_OPTIONS: lambdaNodeOptions(memoryMb),
        ...options.env,
      },
    );
    const cpu = process.cpuUsage(cpuBefore);
    const config = JSON.parse(inline) as { groups: { companies: Recipients[]; summaryRecipients?: Recipients }[] };
    const people = (recipients: Recipients) =>
      new Set([...recipients.to, ...(recipients.cc ?? []), ...(recipients.bcc ?? [])].map((a) => a.toLowerCase())).size;
    const groupConfig = config.groups[0];
    const companyEmails = (groupConfig?.companies ?? []).reduce((sum, company) => sum + people(company), 0);
    const emails = companyEmails + (groupConfig?.summaryRecipients ? people(groupConfig.summaryRecipients) : 0);
    const awsCalls = {
      ...Object.fromEntries([...dynamo.counts].map(([operation, count]) => [`DynamoDB ${operation}`, count])),
      ...Object.fromEntries([...s3.counts].map(([operation, count]) => [`S3 ${operation}`, count])),
      'SES SendRawEmail': ses.forwarded,
    };
    return {
      ...report,
      options,
      emails,
      companyEmails,
      awsCalls,
      physicalLimitMs: (emails / options.sendRatePerSecond) * 1000,
      sendPhaseMs: ses.firstSendAt !== undefined && ses.lastSendAt !== undefined ? ses.lastSendAt - ses.firstSendAt : 0,
      sesCalls: ses.forwarded,
      sesConnections: ses.connections,
      standInCpuMs: (cpu.user + cpu.system) / 1000,
      memoryMb,
    };
  } finally {
    rmSync(configDir, { recursive: true, force: true });
    await ses.close();
    await dynamo.close();
    await s3.close();
    await stack.close();
  }
};
