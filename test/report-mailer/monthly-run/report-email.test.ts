import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportGroupSchema, type Recipients } from '../../../functions/config/config-schema.ts';
import type { RawEmail } from '../../../functions/delivery/ses-sender.ts';
import { renderCompanyEmail } from '../../../functions/report/company/render-company-email.ts';
import { renderGroupSummaryEmail } from '../../../functions/report/group-summary.ts';
import { sendReportEmail, type EmailTarget, type ReportEmailDeps } from '../../../functions/report-mailer/monthly-run/report-email.ts';
import type { RunPlan } from '../../../functions/report-mailer/run-plan.ts';
import { monthPeriod } from '../../../functions/shared/report-period.ts';
import { GROUP_ES, seedReport } from '../../fixtures/reports.ts';
import { startDeliveryStandIns } from '../../support/delivery-stand-ins.ts';

/**
 * Each person's copy as composed (the MIME SES receives and the archive keeps): its footer names the
 * other To and Cc people, never a Bcc. Real ledger, archive and suppression list; SES at the boundary.
 */
const group = reportGroupSchema.parse({
  name: 'footer',
  businessId: 1,
  timeZone: 'America/Tegucigalpa',
  locale: 'es-HN',
  companies: [{ id: 7, to: ['gerente@example.com'] }],
});
let months = 0;
/** A fresh month per test, so the ledger starts empty for it. */
const plan = (overrides: Partial<RunPlan> = {}): RunPlan => ({
  group,
  period: monthPeriod(`20${10 + (months += 1)}-04`, group.timeZone),
  dryRun: false,
  force: false,
  summary: false,
  sendIncompleteSummary: false,
  ...overrides,
});
const recipients: Recipients = {
  to: ['gerente@example.com', 'ventas@example.com'],
  cc: ['contador@example.com'],
  bcc: ['cuentas@agencia.example', 'auditor@agencia.example'],
};
const BCC = recipients.bcc;
const company: EmailTarget = { id: 7, name: 'Empresa Principal', recipients };
const LINE = 'También reciben este reporte: ';

/** The message with quoted-printable undone (soft line breaks and =XX bytes), so the bodies read as text. */
const decoded = (raw: Uint8Array): string =>
  Buffer.from(
    Buffer.from(raw)
      .toString('latin1')
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

/** SES at the boundary: keeps each copy by its one destination. */
const fakeSes = () => {
  const copies = new Map<string, string>();
  const sendRaw = async (email: RawEmail) => {
    copies.set(email.destinations[0] ?? '', decoded(email.raw));
    return { messageId: `m-${copies.size}` };
  };
  return { sendRaw, copies };
};

let standIns: Awaited<ReturnType<typeof startDeliveryStandIns>>;
const companyEmail = renderCompanyEmail({
  report: seedReport(),
  history: [],
  period: monthPeriod('2026-04', 'America/Tegucigalpa'),
  group: GROUP_ES,
  maxTableRows: 5,
});

beforeAll(async () => {
  standIns = await startDeliveryStandIns();
});
afterAll(() => standIns.close());

const deps = (ses: ReturnType<typeof fakeSes>): ReportEmailDeps => ({ ...standIns.deps, sendRaw: ses.sendRaw });

/** The footer line of a copy, once in each part (text line, HTML div); undefined when absent. */
const footerLines = (copy: string): string[] => [...copy.matchAll(/También reciben este reporte: [^\r\n<]*/g)].map((match) => match[0]);

describe('sendReportEmail: who else receives it, in each copy', () => {
  it('names the other To and Cc people in each copy, in both parts, and never a Bcc anywhere in anyone’s message', async () => {
    // prepare
    const ses = fakeSes();

    // act
    const outcome = await sendReportEmail(plan(), deps(ses), company, companyEmail);

    // assert
    expect(outcome.status).toBe('sent');
    expect([...ses.copies.keys()]).toEqual(expect.arrayContaining([...recipients.to, ...recipients.cc, ...BCC]));
    const expected: Record<string, string> = {
      'gerente@example.com': `${LINE}ventas@example.com y contador@example.com`,
      'ventas@example.com': `${LINE}gerente@example.com y contador@example.com`,
      'contador@example.com': `${LINE}gerente@example.com y ventas@example.com`,
      'cuentas@agencia.example': `${LINE}gerente@example.com, ventas@example.com y contador@example.com`,
      'auditor@agencia.example': `${LINE}gerente@example.com, ventas@example.com y contador@example.com`,
    };
    for (const [person, copy] of ses.copies) {
      expect(footerLines(copy), person).toEqual([expected[person], expected[person]]);
      for (const hidden of BCC.filter((bcc) => bcc !== person)) expect(copy, `${hidden} in ${person}'s copy`).not.toContain(hidden);
    }
    // A Bcc person's own address is only in their To: line.
    const own = ses.copies.get('cuentas@agencia.example') ?? '';
    expect(own.split('cuentas@agencia.example')).toHaveLength(2);
    expect(own).toMatch(/^To: cuentas@agencia\.example$/m);
  });

  it('leaves the line out when nobody else (To or Cc) receives it', async () => {
    const ses = fakeSes();
    const alone: EmailTarget = { ...company, recipients: { to: ['gerente@example.com'], cc: [], bcc: ['cuentas@agencia.example'] } };

    await sendReportEmail(plan(), deps(ses), alone, companyEmail);

    expect(footerLines(ses.copies.get('gerente@example.com') ?? 'none')).toEqual([]);
    expect(footerLines(ses.copies.get('cuentas@agencia.example') ?? 'none')).toEqual([
      `${LINE}gerente@example.com`,
      `${LINE}gerente@example.com`,
    ]);
  });

  it('does not name a person who unsubscribed (they receive nothing)', async () => {
    // prepare: the suppression list (its own tests cover the table) answers that one Cc person unsubscribed
    const ses = fakeSes();
    const suppressions = { addresses: async () => new Set(['contador@example.com']) };

    // act
    await sendReportEmail(plan(), { ...deps(ses), suppressions }, company, companyEmail);

    // assert
    expect(ses.copies.has('contador@example.com')).toBe(false);
    expect(footerLines(ses.copies.get('gerente@example.com') ?? '')[0]).toBe(`${LINE}ventas@example.com`);
  });

  it('on a redirected run, the tester reads the line as the first To person would, and no Bcc', async () => {
    const ses = fakeSes();

    await sendReportEmail(plan({ redirectTo: ['qa@iobot.example'] }), deps(ses), company, companyEmail);

    expect([...ses.copies.keys()]).toEqual(['qa@iobot.example']);
    const copy = ses.copies.get('qa@iobot.example') ?? '';
    expect(footerLines(copy)[0]).toBe(`${LINE}ventas@example.com y contador@example.com`);
    for (const hidden of BCC) expect(copy).not.toContain(hidden);
  });

  it('follows the same rule for the group summary and its summaryRecipients', async () => {
    // prepare
    const ses = fakeSes();
    const summary = renderGroupSummaryEmail({
      groupName: 'Aquatec',
      companies: [{ report: seedReport() }],
      period: monthPeriod('2026-04', 'America/Tegucigalpa'),
      group: GROUP_ES,
    });
    const directors: EmailTarget = {
      id: 'summary',
      name: 'Aquatec',
      recipients: { to: ['director@example.com'], cc: ['socio@example.com'], bcc: ['asesor@agencia.example'] },
    };

    // act
    await sendReportEmail(plan(), deps(ses), directors, summary);

    // assert
    expect(footerLines(ses.copies.get('director@example.com') ?? '')[0]).toBe(`${LINE}socio@example.com`);
    expect(footerLines(ses.copies.get('socio@example.com') ?? '')[0]).toBe(`${LINE}director@example.com`);
    expect(footerLines(ses.copies.get('asesor@agencia.example') ?? '')[0]).toBe(`${LINE}director@example.com y socio@example.com`);
    for (const person of ['director@example.com', 'socio@example.com']) {
      expect(ses.copies.get(person)).not.toContain('asesor@agencia.example');
    }
  });
});
