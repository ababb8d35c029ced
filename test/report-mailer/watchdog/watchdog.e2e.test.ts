import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../../dev/demo-config.ts';
import { defaultGroup } from '../../../dev/synthetic/groups.ts';
import { startLocalHandler, type LocalHandler } from '../../support/local-handler.ts';

/**
 * The missed-month watchdog through the real handler in verify mode, on the local stack: it reads the
 * ledger only, so it answers whether or not the run ever happened. And the operator report that follows
 * a gap or a run that did not deliver everything.
 */
let local: LocalHandler;
const companies = defaultGroup();
const ALL = companies.length + 1;
const OPERATORS = 'operaciones@example.com';
const operatorReports = async () => (await local.stack.inbox()).filter((email) => email.destination.to.includes(OPERATORS));

beforeAll(async () => {
  local = await startLocalHandler({
    env: { HISTORY_MONTHS: '0' },
    config: (apiBaseUrl) => {
      const config = demoConfig()(apiBaseUrl);
      // Every rate the demo's ads need (its Guatemalan company lacks USD:GTQ on purpose, which the operator
      // report names): here a run that delivered everything has nothing to tell.
      const groups = config.groups.map((group) => ({ ...group, exchangeRates: { ...group.exchangeRates, 'USD:GTQ': 7.75 } }));
      return { ...config, groups, operatorReport: { to: [OPERATORS] } };
    },
  });
});
afterAll(() => local.close());

describe('verify mode (missed-month watchdog)', () => {
  it('finds every email of a month whose run never started missing, sends no report, and tells the operators', async () => {
    await local.stack.clearInbox();

    const check = await local.verify({ group: 'demo', month: '2025-01' });

    expect(check).toMatchObject({ group: 'demo', month: '2025-01', due: true, gaps: ALL, deadline: '2025-02-01T19:00:00.000Z' });
    expect(check.emails.map((email) => email.status)).toEqual(Array.from({ length: ALL }, () => 'missing'));
    const inbox = await local.stack.inbox();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      subject: `Mes sin enviar · demo · enero de 2025: ${ALL} sin enviar`,
      destination: { to: [OPERATORS] },
    });
    expect(inbox[0]?.body.text).toContain('{"group":"demo","month":"2025-01"}');
  });

  it('mails the operators after a run that did not deliver everything, with the event that fixes it', async () => {
    await local.stack.clearInbox();
    local.ses.fault = { kind: 'reject-recipient', address: 'gerencia.3@example.com' };
    await local.handler({ group: 'demo', month: '2025-02' }).catch(() => undefined);
    local.ses.fault = { kind: 'pass' };

    const [report, ...others] = await operatorReports();

    expect(others).toHaveLength(0);
    expect(report?.subject).toBe('Ejecución del reporte · demo · febrero de 2025: 2 por revisar');
    expect(report?.body.text).toMatch(
      /: fallido \(para gerencia\.3@example\.com: SES respondió MessageRejected: Email address is not verified/,
    );
    expect(report?.body.text).toContain(
      '{"group":"demo","month":"2025-02","companies":[3],"force":true,"people":["gerencia.3@example.com"]}',
    );
    expect(report?.body.text).toContain('El resumen del grupo espera a que todas las empresas del mes estén resueltas');
    expect(report?.body.html).toContain('#/functions/iobot-report-mailer?tab&#x3D;testing');
  });

  it('sends the operators nothing after a run that delivered everything', async () => {
    await local.stack.clearInbox();

    await local.handler({ group: 'demo', month: '2024-12' });

    expect(await operatorReports()).toHaveLength(0);
  });

  it('finds a month complete after its run, and names a rejected company', async () => {
    const check = await local.verify({ group: 'demo', month: '2025-02' });

    // The group summary is held while company 3 is not accounted for: missing too.
    expect(check.gaps).toBe(2);
    expect(check.emails.find((email) => email.companyId === 3)).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/^gerencia\.3@example\.com: SES MessageRejected/),
    });
    expect(check.emails.find((email) => email.companyId === 'summary')?.status).toBe('missing');
    expect(check.emails.filter((email) => email.status === 'sent')).toHaveLength(ALL - 2);
  });

  it('lists the recipients SES reported a bounce for, from the delivery events', async () => {
    await local.handler({ group: 'demo', month: '2025-03' });
    await local.stack.deliveryEvents.feed();

    const check = await local.verify({ group: 'demo', month: '2025-03' });

    expect(check.gaps).toBe(0);
    expect(check.emails.find((email) => email.companyId === 3)?.undelivered).toEqual([
      { address: 'bounce@example.com', status: 'bounced', detail: 'Permanent/General: smtp; 550 5.1.1 user unknown' },
    ]);
  });

  it('checks at the deadline (scheduled time + 6 h) and only says it is alive on the other days', async () => {
    // demo: day 1 at 07:00 America/Tegucigalpa (UTC-6) → deadline 13:00 local = 19:00 UTC.
    const atDeadline = await local.verify({ group: 'demo', scheduledTime: '2025-05-01T19:00:00Z' });
    const dayBefore = await local.verify({ group: 'demo', scheduledTime: '2025-04-30T19:00:00Z' });
    const dayAfter = await local.verify({ group: 'demo', scheduledTime: '2025-05-02T19:00:00Z' });

    expect(atDeadline).toMatchObject({ month: '2025-04', due: true, gaps: ALL });
    expect(dayBefore).toMatchObject({ month: '2025-03', due: false, gaps: 0, emails: [] });
    expect(dayAfter).toMatchObject({ month: '2025-04', due: false, gaps: 0 });
  });

  it('refuses send options in verify mode, naming them', async () => {
    await expect(local.verify({ group: 'demo', month: '2025-01', force: true, companies: [1] })).rejects.toThrow(
      'Invalid event:\nverify: checks the whole month and sends nothing; remove "companies", "force"',
    );
  });
});
