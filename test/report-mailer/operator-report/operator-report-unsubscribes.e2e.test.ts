import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../../dev/demo-config.ts';
import { startLocalHandler, type LocalHandler } from '../../support/local-handler.ts';

/**
 * New unsubscribes reach the operators: a recipient clicks the one-click link of a real email (the
 * real unsubscribe handler behind the local Function URL writes the suppression list), and the next
 * run's operator report, through the real mailer handler, lists the address with what to change.
 */
let local: LocalHandler;
const OPERATORS = 'operaciones@example.com';
const operatorReports = async () => (await local.stack.inbox()).filter((email) => email.destination.to.includes(OPERATORS));

beforeAll(async () => {
  local = await startLocalHandler({
    env: { HISTORY_MONTHS: '0' },
    config: (apiBaseUrl) => ({ ...demoConfig()(apiBaseUrl), operatorReport: { to: [OPERATORS] } }),
  });
});
afterAll(() => local.close());

let link = '';

describe('operator report: new unsubscribes', () => {
  it('sends no operator report after a run that delivered everything when nobody unsubscribed', async () => {
    await local.stack.clearInbox();

    const summary = await local.handler({ group: 'demo', month: '2026-09', companies: [2] });

    expect(summary.companies[0]?.status).toBe('sent');
    const inbox = await local.stack.inbox();
    link = /(http:\/\/127\.0\.0\.1:\d+\/\?t=v2\.k0\.[\w-]+)/.exec(inbox[0]?.body.text ?? '')?.[1] ?? '';
    expect(link).not.toBe('');
    expect(await operatorReports()).toHaveLength(0);
  });

  it('lists an address unsubscribed since the previous monthly run: a reason to report on its own', async () => {
    // prepare: company 2's recipient clicks the one-click link of the September email
    const clicked = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    await local.stack.clearInbox();

    // act: October for company 2 has nobody left to send to (skipped); nothing failed
    const summary = await local.handler({ group: 'demo', month: '2026-10', companies: [2] });

    // assert
    expect(clicked.status).toBe(200);
    expect(summary.companies[0]).toMatchObject({ status: 'skipped', reason: 'to gerencia.2@example.com: unsubscribed from demo' });
    const [report, ...others] = await operatorReports();
    expect(others).toHaveLength(0);
    expect(report?.subject).toBe('Ejecución del reporte · demo · octubre de 2026: todo se envió · bajas: 1');
    expect(report?.body.text).toContain('== Bajas nuevas ==\nSe dieron de baja desde la ejecución mensual anterior, del 1 oct 2026');
    expect(report?.body.text).toMatch(/\n- gerencia\.2@example\.com \([^)]*2026[^)]*\)\n/);
    expect(report?.body.text).toContain('Quítelas de infra/report.config.ts o del CSV de destinatarios (infra/recipients/)');
    expect(report?.body.html).toContain('gerencia.2@example.com');
  });

  it('lists it in the missed-month report of that month too', async () => {
    await local.stack.clearInbox();

    const check = await local.verify({ group: 'demo', month: '2026-10' });

    expect(check.gaps).toBeGreaterThan(0);
    const [report] = await operatorReports();
    expect(report?.subject).toMatch(/^Mes sin enviar · demo · octubre de 2026: \d+ sin enviar · bajas: 1$/);
    expect(report?.body.text).toMatch(/\n- gerencia\.2@example\.com \(/);
  });
});
