import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGroup } from '../../dev/synthetic/groups.ts';
import { startLocalHandler, type LocalHandler } from '../support/local-handler.ts';

/**
 * The real handler end to end: IOBot simulator over HTTP, real SES client against aws-ses-v2-local,
 * the ledger in an in-memory DynamoDB. Tests in this file run in order and share one ledger.
 */
let local: LocalHandler;
const companies = defaultGroup();
const SCHEDULED = { group: 'demo', scheduledTime: '2026-05-01T13:00:00Z' };
/** One message per person (dev/demo-config.ts): each company's To, company 1's Cc, company 3's Bcc, the summary's To. */
const PEOPLE = companies.length + 3;

beforeAll(async () => {
  local = await startLocalHandler();
});
afterAll(() => local.close());

describe('handler, end to end', () => {
  it('sends each person of each company, and of the group summary, their own email for the previous month', async () => {
    // Act
    const summary = await local.handler(SCHEDULED);

    // Assert
    expect(summary.period).toEqual({
      month: '2026-04',
      timeZone: 'America/Tegucigalpa',
      startDate: '2026-04-01T06:00:00.000Z',
      endDate: '2026-05-01T05:59:59.999Z',
    });
    expect(summary.counts).toEqual({ sent: companies.length + 1, skipped: 0, failed: 0, held: 0, deferred: 0, uncertain: 0 });
    const inbox = await local.stack.inbox();
    expect(inbox).toHaveLength(PEOPLE);
    // Each message names its one person and nobody else: Cc and Bcc people get their own, To: them.
    expect(inbox.every((email) => email.destination.to.length === 1 && email.destination.cc.length === 0)).toBe(true);
    expect(inbox.filter((email) => email.destination.to.includes('ventas@example.com'))).toHaveLength(1);
    expect(inbox.filter((email) => email.destination.to.includes('bounce@example.com'))).toHaveLength(1);
    for (const company of companies) {
      const email = inbox.find((candidate) => candidate.destination.to.includes(`gerencia.${company.id}@example.com`));
      expect(email?.subject).toBe(`Reporte mensual · ${company.nombre} · abril de 2026`);
      expect(email?.from).toContain('reportes@example.com');
      expect(email?.body.text).toContain(company.nombre);
      expect(email?.body.html).toMatch(/<html[^>]*lang="es"/);
      const outcome = summary.companies.find((candidate) => candidate.companyId === company.id);
      expect(outcome).toMatchObject({ status: 'sent', messageId: email?.messageId, subject: email?.subject });
      expect(outcome?.htmlBytes).toBe(Buffer.byteLength(email?.body.html ?? ''));
    }
    // The directors read the group's display name (demo config: "Grupo Demo"), not the slug "demo".
    expect(inbox.find((email) => email.destination.to.includes('direccion@example.com'))?.subject).toBe(
      'Resumen del grupo · Grupo Demo · abril de 2026',
    );
  });

  it('asks IOBot for the month in the group zone, with the key in x-api-key', () => {
    const request = local.stack.simulator.requests.find(
      (candidate) => candidate.body && JSON.stringify(candidate.body).includes('2026-04-01T06:00:00.000Z'),
    );

    expect(request?.body).toMatchObject({ businessId: 1, startDate: '2026-04-01T06:00:00.000Z', endDate: '2026-05-01T05:59:59.999Z' });
    expect(request?.auth).toEqual({ presented: ['x-api-key'], valid: true });
  });

  it('never sends the same month twice: a retry of the schedule skips every company', async () => {
    const before = (await local.stack.inbox()).length;

    const summary = await local.handler(SCHEDULED);

    expect(summary.counts).toMatchObject({ sent: 0, skipped: companies.length + 1 });
    expect(summary.companies[0]?.reason).toMatch(/^to gerencia\.1@example\.com: already sent to this person on /);
    expect(await local.stack.inbox()).toHaveLength(before);
  });

  it('does a dry run without sending or writing the ledger', async () => {
    const before = (await local.stack.inbox()).length;

    const summary = await local.handler({ group: 'demo', month: '2026-03', dryRun: true });

    expect(summary.counts.skipped).toBe(companies.length + 1);
    expect(summary.companies.every((company) => company.reason === 'dry run: rendered, not sent' && (company.htmlBytes ?? 0) > 0)).toBe(
      true,
    );
    expect(await local.stack.inbox()).toHaveLength(before);
    // Nothing was recorded: the real run of that month still sends.
    expect((await local.handler({ group: 'demo', month: '2026-03', companies: [1] })).counts.sent).toBe(1);
  });

  it('redirects a console run to a test inbox without touching the real recipients', async () => {
    const before = await local.stack.inbox();

    const summary = await local.handler({ group: 'demo', month: '2026-04', companies: [2], redirectTo: ['me@example.com'] });

    const inbox = await local.stack.inbox();
    expect(summary.counts.sent).toBe(1);
    expect(inbox).toHaveLength(before.length + 1);
    expect(inbox.at(-1)?.destination).toEqual({ to: ['me@example.com'], cc: [], bcc: [] });
  });

  it('re-sends on purpose with force', async () => {
    const before = (await local.stack.inbox()).length;

    const summary = await local.handler({ group: 'demo', month: '2026-04', companies: [1], force: true });

    expect(summary.companies).toEqual([expect.objectContaining({ companyId: 1, status: 'sent' })]);
    // Company 1 has two people (To and Cc): each gets the forced copy.
    expect(await local.stack.inbox()).toHaveLength(before + 2);
  });

  it('rejects a console event with an unknown key, naming it, before doing anything', async () => {
    const requests = local.stack.simulator.requests.length;

    await expect(local.handler({ group: 'demo', month: '2026-04', dryrun: true })).rejects.toThrow(
      /Invalid event:\n\(root\): Unrecognized key: "dryrun"/,
    );
    expect(local.stack.simulator.requests).toHaveLength(requests);
  });

  it('logs structured JSON with group and period on every line and never the api key', () => {
    const lines = local.logs
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{"level"') || line.startsWith('{"cold_start"') || line.includes('"service"'));

    const logLines = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => 'level' in line);
    expect(logLines.length).toBeGreaterThan(5);
    const withoutContext = logLines.filter(
      (line) => line.message !== 'Monthly report run failed' && !(line.group === 'demo' && typeof line.period === 'string'),
    );
    expect(withoutContext).toEqual([]);
    expect(local.logs.join('')).not.toContain(local.stack.simulator.apiKey);
  });
});
