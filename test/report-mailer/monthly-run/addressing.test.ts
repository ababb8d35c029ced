import { describe, expect, it } from 'vitest';
import { reportGroupSchema, type Recipients } from '../../../functions/config/config-schema.ts';
import { renderCompanyEmail } from '../../../functions/report/company/render-company-email.ts';
import { renderGroupSummaryEmail } from '../../../functions/report/group-summary.ts';
import { addressPerson, alsoReceiving, type AddressingDeps } from '../../../functions/report-mailer/monthly-run/addressing.ts';
import type { RunPlan } from '../../../functions/report-mailer/run-plan.ts';
import { locales, type Language } from '../../../functions/report/generated/templates.ts';
import { GROUP_EN, GROUP_ES, PERIOD, seedReport } from '../../fixtures/reports.ts';

const group = reportGroupSchema.parse({
  name: 'aquatec',
  businessId: 1,
  timeZone: PERIOD.timeZone,
  locale: 'es-HN',
  companies: [{ id: 1, to: ['gerente@example.com'] }],
});
const plan = (overrides: Partial<RunPlan> = {}): RunPlan => ({
  group,
  period: PERIOD,
  dryRun: false,
  force: false,
  summary: false,
  sendIncompleteSummary: false,
  ...overrides,
});
const unsubscribe: AddressingDeps['unsubscribe'] = {
  baseUrl: 'https://unsubscribe.example.com/',
  mailto: 'ops@example.com',
  keys: [{ id: 'k0', secret: 'k'.repeat(32) }],
};

// Two To, one Cc, two Bcc (one of them also spelled differently in To, which To wins).
const recipients: Recipients = {
  to: ['gerente@example.com', 'ventas@example.com'],
  cc: ['contador@example.com'],
  bcc: ['cuentas@agencia.example', 'auditor@agencia.example'],
};

describe('alsoReceiving', () => {
  it('gives a To person the other To and the Cc people, never a Bcc', () => {
    expect(alsoReceiving(plan(), recipients, 'gerente@example.com')).toEqual(['ventas@example.com', 'contador@example.com']);
  });

  it('gives a Cc person the To people, not themselves', () => {
    expect(alsoReceiving(plan(), recipients, 'contador@example.com')).toEqual(['gerente@example.com', 'ventas@example.com']);
  });

  it('gives a Bcc person the To and Cc people: not themselves, not the other Bcc', () => {
    expect(alsoReceiving(plan(), recipients, 'cuentas@agencia.example')).toEqual([
      'gerente@example.com',
      'ventas@example.com',
      'contador@example.com',
    ]);
  });

  it('knows the reader whatever the case of their address, and lists an address once', () => {
    const twice: Recipients = { to: ['Gerente@Example.com', 'ventas@example.com'], cc: ['VENTAS@example.com'], bcc: [] };

    expect(alsoReceiving(plan(), twice, 'gerente@example.com')).toEqual(['ventas@example.com']);
  });

  it('leaves out whoever unsubscribed: they receive nothing', () => {
    expect(alsoReceiving(plan(), recipients, 'gerente@example.com', new Set(['contador@example.com']))).toEqual(['ventas@example.com']);
  });

  it('is empty for the only To person of an email with Bcc people only', () => {
    expect(alsoReceiving(plan(), { to: ['gerente@example.com'], cc: [], bcc: ['cuentas@agencia.example'] }, 'gerente@example.com')).toEqual(
      [],
    );
  });

  it('on a redirected run, shows each tester what the first To person would read (never a Bcc, never a tester)', () => {
    const redirected = plan({ redirectTo: ['qa@iobot.example', 'qa2@iobot.example'] });

    expect(alsoReceiving(redirected, recipients, 'qa@iobot.example')).toEqual(['ventas@example.com', 'contador@example.com']);
    expect(alsoReceiving(redirected, recipients, 'qa2@iobot.example')).toEqual(['ventas@example.com', 'contador@example.com']);
  });
});

describe('addressPerson', () => {
  const company = renderCompanyEmail({ report: seedReport(), history: [], period: PERIOD, group: GROUP_ES, maxTableRows: 5 });
  const summary = renderGroupSummaryEmail({ groupName: 'Aquatec', companies: [{ report: seedReport() }], period: PERIOD, group: GROUP_EN });

  it('puts the others in the footer of both parts, right before the unsubscribe link', () => {
    // act
    const { email } = addressPerson(plan(), 'gerente@example.com', company, unsubscribe, ['ventas@example.com', 'contador@example.com']);

    // assert
    const line = 'También reciben este reporte: ventas@example.com y contador@example.com';
    expect(email.html).toMatch(new RegExp(`<div>${line}</div><a href="https://unsubscribe\\.example\\.com/\\?t=v2\\.k0\\.`));
    expect(email.text).toMatch(new RegExp(`\\n${line}\\n${GROUP_ES_UNSUBSCRIBE}: https://unsubscribe\\.example\\.com/\\?t=v2\\.k0\\.`));
    expect(email.html.split(line)).toHaveLength(2);
  });

  it('puts it in the group summary too, in the group’s language', () => {
    const { email } = addressPerson(plan({ group: { ...group, language: 'en' } }), 'director@example.com', summary, unsubscribe, [
      'socio@example.com',
    ]);

    expect(email.html).toContain('<div>Also receiving this report: socio@example.com</div><a href="https://unsubscribe.example.com/');
    expect(email.text).toContain(
      '\nAlso receiving this report: socio@example.com\nStop receiving these reports: https://unsubscribe.example.com/',
    );
  });

  it('escapes the addresses in the HTML, not in the text', () => {
    const { email } = addressPerson(plan(), 'gerente@example.com', company, unsubscribe, [`o'brien&co@example.com`]);

    expect(email.html).toContain('<div>También reciben este reporte: o&#x27;brien&amp;co@example.com</div>');
    expect(email.html).not.toContain(`o'brien&co`);
    expect(email.text).toContain(`También reciben este reporte: o'brien&co@example.com\n`);
  });

  it('adds nothing when nobody else receives it: only the unsubscribe link differs from the shared render', () => {
    // act
    const { email } = addressPerson(plan(), 'gerente@example.com', company, unsubscribe, []);

    // assert
    const link = /href="(https:\/\/unsubscribe\.example\.com\/\?t=[^"]+)"/.exec(email.html)?.[1] ?? '';
    expect(email.html).toBe(company.html.replaceAll('https://unsubscribe.invalid/', link));
    expect(email.text).toBe(company.text.replaceAll('https://unsubscribe.invalid/', link));
  });

  it('finds its place in every customer template in every language: one unsubscribe link per part', () => {
    for (const language of Object.keys(locales) as Language[]) {
      const settings = { ...GROUP_ES, language };
      const emails = [
        renderCompanyEmail({ report: seedReport(), history: [], period: PERIOD, group: settings, maxTableRows: 5 }),
        renderGroupSummaryEmail({ groupName: 'Aquatec', companies: [{ report: seedReport() }], period: PERIOD, group: settings }),
      ];
      for (const rendered of emails) {
        const { email } = addressPerson(plan({ group: { ...group, language } }), 'a@example.com', rendered, unsubscribe, ['b@example.com']);
        expect(email.html.split('<a href="https://unsubscribe.example.com/')).toHaveLength(2);
        expect(email.html.split('b@example.com</div><a href="https://unsubscribe.example.com/')).toHaveLength(2);
        expect(email.text.split('b@example.com\n')).toHaveLength(2);
      }
    }
  });

  it('caps a long list so the footer stays one short line', () => {
    const many = Array.from({ length: 60 }, (_, index) => `persona.${index + 1}@example.com`);

    const { email } = addressPerson(plan(), 'gerente@example.com', company, unsubscribe, many);

    expect(email.text).toContain('persona.5@example.com y 55 más\n');
    expect(email.html).not.toContain('persona.6@example.com');
    expect(
      Buffer.byteLength(email.html) - Buffer.byteLength(addressPerson(plan(), 'gerente@example.com', company, unsubscribe, []).email.html),
    ).toBeLessThan(300);
  });
});

const GROUP_ES_UNSUBSCRIBE = 'Dejar de recibir estos reportes';
