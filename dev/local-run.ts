/**
 * `npm start`: the real handler, end to end, on localhost. Fetches from the IOBot simulator, sends
 * through aws-ses-v2-local with the real SES client, then writes what arrived to out/<month>/.
 *
 *   npm start                          previous month, every company
 *   npm start -- --month 2026-04       a given month
 *   npm start -- --companies 1,2       some companies
 *   LOG_LEVEL=INFO npm start           with the handler's JSON logs
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { createS3Archive } from '../functions/delivery/email-archive.ts';
import { slug } from '../functions/report/company/company-context.ts';
import { demoConfig } from './demo-config.ts';
import type { RunSummary } from '../functions/report-mailer/run-summary.ts';
import { deliveryStatusOf } from './delivery-status.ts';
import { startLocalStack } from './local-stack.ts';

const { values } = parseArgs({
  options: {
    month: { type: 'string' },
    companies: { type: 'string' },
    out: { type: 'string', default: 'out' },
  },
});

const stack = await startLocalStack({ config: demoConfig() });
Object.assign(process.env, stack.env, {
  POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
  POWERTOOLS_METRICS_DISABLED: 'true',
});

try {
  const { handler, ReportRunError } = await import('../functions/report-mailer/handler.ts');
  const event = {
    group: 'demo',
    ...(values.month ? { month: values.month } : { scheduledTime: new Date().toISOString() }),
    ...(values.companies ? { companies: values.companies.split(',').map(Number) } : {}),
  };
  console.log(`IOBot simulator ${stack.simulator.url} · SES emulator ${stack.sesUrl}`);
  console.log(`Event: ${JSON.stringify(event)}\n`);

  const started = performance.now();
  let summary;
  try {
    summary = (await handler(event)) as RunSummary;
  } catch (error) {
    if (!(error instanceof ReportRunError)) throw error;
    summary = error.summary;
    process.exitCode = 1;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);

  const dir = join(values.out, summary.period.month);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const inbox = await stack.inbox();
  // Real SES would publish Send/Delivery/Bounce events; the local stack feeds them to the consumer.
  await stack.deliveryEvents.feed();
  const outcomes = [...summary.companies, ...(summary.summaryEmail ? [summary.summaryEmail] : [])];
  const delivery = await deliveryStatusOf(stack, summary.group, summary.period.month, outcomes, summary.redirectedTo !== undefined);
  // One line per person: each configured address (or tester) gets its own message.
  const rows = [];
  for (const outcome of outcomes) {
    const base = join(
      dir,
      outcome.companyId === 'summary' ? 'resumen-del-grupo' : `${outcome.companyId}-${slug(outcome.name ?? '') || 'empresa'}`,
    );
    const people = outcome.people?.length ? outcome.people : [undefined];
    for (const person of people) {
      const messageId = person ? person.messageId : outcome.messageId;
      const email = messageId ? inbox.find((candidate) => candidate.messageId === messageId) : undefined;
      let file = '';
      if (email && person) {
        const own = `${base}--${slug(person.address) || 'persona'}`;
        await writeFile(`${own}.html`, email.body.html ?? '');
        await writeFile(`${own}.txt`, email.body.text ?? '');
        // The bytes the function handed to SES, not the emulator's rebuild of them.
        const raw = stack.sentRawOf(email.messageId);
        if (!raw) throw new Error(`the SES recording proxy saw no raw message for ${email.messageId}`);
        await writeFile(`${own}.eml`, raw);
        for (const attachment of email.attachments) {
          await writeFile(join(dir, attachment.filename ?? `${outcome.companyId}-adjunto`), Buffer.from(attachment.content, 'base64'));
        }
        file = `${relative(process.cwd(), own)}.html`;
      }
      rows.push({
        company: String(outcome.companyId),
        name: (outcome.name ?? '').slice(0, 24),
        person: person ? `${person.field} ${person.address}` : '',
        status: person?.status ?? outcome.status,
        delivery: ((person && delivery.get(person)) ?? '').slice(0, 60),
        'html KB': outcome.htmlBytes ? (outcome.htmlBytes / 1024).toFixed(1) : '',
        file: file || ((person ? person.reason : outcome.reason) ?? '').slice(0, 60),
      });
    }
  }
  await writeFile(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  // The archive as the function wrote it to the S3 emulator: out/<month>/archive/<group>/<month>/<target>/<attempt>.eml,
  // its S3 metadata beside it as .json.
  const archive = createS3Archive(new S3Client({}), stack.s3.bucket);
  for (const outcome of [...summary.companies, ...(summary.summaryEmail ? [summary.summaryEmail] : [])]) {
    for (const key of await archive.list(summary.group, summary.period.month, outcome.companyId)) {
      const { raw, manifest } = await archive.read(key);
      await mkdir(dirname(join(dir, 'archive', key)), { recursive: true });
      await writeFile(join(dir, 'archive', key), raw);
      await writeFile(join(dir, 'archive', key.replace(/\.eml$/, '.json')), `${JSON.stringify(manifest, null, 2)}\n`);
    }
  }
  console.table(rows);
  console.log(
    `\n${summary.group} · ${summary.period.month} (${summary.period.timeZone}) · sent ${summary.counts.sent}, skipped ${summary.counts.skipped}, held ${summary.counts.held}, failed ${summary.counts.failed}, uncertain ${summary.counts.uncertain} in ${seconds} s`,
  );
  console.log(
    `\nOpen the emails: ${relative(process.cwd(), dir)}/*.html (also .txt, .eml and the CSV attachments), the S3 archive under archive/; the run summary is ${join(relative(process.cwd(), dir), 'summary.json')}.`,
  );
} finally {
  await stack.close();
}
