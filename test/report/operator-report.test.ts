import { describe, expect, it } from 'vitest';
import { checkContrast } from '../../dev/email-checks/index.ts';
import { renderOperatorReport, type OperatorReportInput } from '../../functions/report/operator-report.ts';

const links = {
  logsUrl: 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/x',
  testUrl: 'https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/f?tab=testing',
};
const run = (language: 'es' | 'en'): OperatorReportInput => ({
  kind: 'run',
  group: { name: 'aquatec', language, locale: 'es-HN', timeZone: 'America/Tegucigalpa' },
  month: '2026-04',
  at: '2026-05-01T13:00:05Z',
  lines: [
    { target: 1, name: 'Aquatec Central', status: 'sent' },
    {
      target: 2,
      name: '<b>Norte</b>',
      status: 'failed',
      reason: 'SES MessageRejected: Email address is not verified.',
      fix: { advice: 'rejected', event: { group: 'aquatec', month: '2026-04', companies: [2], force: true } },
    },
    {
      target: 3,
      name: 'Sur',
      status: 'held',
      reason: 'the numbers failed the consistency checks; not sent',
      problems: ['salesCount is negative (-3)'],
      fix: { advice: 'held', event: { group: 'aquatec', month: '2026-04', companies: [3] } },
    },
    {
      target: 'summary',
      status: 'uncertain',
      reason: 'SES never answered',
      fix: { advice: 'uncertain', event: { group: 'aquatec', month: '2026-04', force: true } },
    },
  ],
  links,
});

describe('renderOperatorReport', () => {
  it('lists every email with its status and reason, in the group language', () => {
    const email = renderOperatorReport(run('es'));

    expect(email.subject).toBe('Ejecución del reporte · aquatec · abril de 2026: 3 por revisar');
    expect(email.text).toContain('- Aquatec Central (1): enviado');
    expect(email.text).toContain(
      '- Sur (3): retenido (los números no pasaron los controles de consistencia; no se envió; salesCount is negative (-3))',
    );
    expect(email.text).toContain('- Resumen del grupo: incierto (detalle técnico (en inglés): SES never answered)');
    expect(email.text).toContain('Enviados 1 · omitidos 0 · retenidos 1 · fallidos 1 · inciertos 1');
  });

  it('gives each problem its advice and the exact console event that fixes it', () => {
    const email = renderOperatorReport(run('en'));

    expect(email.subject).toBe('Report run · aquatec · April 2026: 3 to look at');
    expect(email.text).toContain('SES refuses this email for good.');
    expect(email.text).toContain('{"group":"aquatec","month":"2026-04","companies":[2],"force":true}');
    expect(email.html).toContain('{&quot;group&quot;:&quot;aquatec&quot;,&quot;month&quot;:&quot;2026-04&quot;,&quot;companies&quot;:[3]}');
  });

  it.each(['es', 'en'] as const)("points a held group summary's advice (%s) where its reason points: each company's row", (language) => {
    // prepare: a summary held for missing companies, as deliver-group-summary writes it
    const input = run(language);
    const held: OperatorReportInput = {
      ...input,
      lines: [
        ...input.lines,
        {
          target: 'summary',
          status: 'held',
          reason:
            'not sent: 1 of 4 companies are not accounted for (3 (Sur): held, the numbers…); the re-run that completes the month sends it, or send it now listing them with "sendIncompleteSummary": true',
          fix: { advice: 'summaryHeld', event: { group: 'aquatec', month: '2026-04', sendIncompleteSummary: true } },
        },
      ],
    };

    // act
    const { text } = renderOperatorReport(held);

    // assert: the reason no longer names them, so the advice must not say it does
    expect(text).toContain(language === 'es' ? '(vea cada una en la tabla)' : '(see each in the table)');
    expect(text).toContain(language === 'es' ? '(la tabla muestra las que faltan)' : '(the table shows the missing ones)');
    expect(text).not.toMatch(/el motivo nombra|the reason names/);
  });

  it('tells a company sent without an exchange rate its ads needed, with the rate to add and the event that re-sends', () => {
    // prepare: sent, but its USD ads could not be set against its GTQ sales
    const input = run('es');
    const missing: OperatorReportInput = {
      ...input,
      lines: [
        {
          target: 4,
          name: 'Aquatec Guatemala',
          status: 'sent',
          missingExchangeRates: { pairs: ['USD:GTQ'], event: { group: 'aquatec', month: '2026-04', companies: [4], force: true } },
        },
      ],
    };

    // act
    const { subject, text } = renderOperatorReport(missing);

    // assert
    expect(subject).toBe('Ejecución del reporte · aquatec · abril de 2026: 1 por revisar');
    expect(text).toContain('Aquatec Guatemala (4) · enviado: falta el tipo de cambio USD:GTQ en exchangeRates');
    expect(text).toContain('Añada el tipo de cambio a exchangeRates del grupo en infra/report.config.ts');
    expect(text).toContain('{"group":"aquatec","month":"2026-04","companies":[4],"force":true}');
  });

  it('escapes names in the HTML and links the log group and the Test tab', () => {
    const email = renderOperatorReport(run('en'));

    expect(email.html).not.toContain('<b>Norte</b>');
    expect(email.html).toContain('&lt;b&gt;Norte&lt;/b&gt;');
    expect(email.html).toContain(`href="${links.testUrl.replace(/&/g, '&amp;').replace(/=/g, '&#x3D;')}"`);
    expect(email.text).toContain(`the function's Test tab: ${links.testUrl}`);
  });

  it('words a missed-month check with the gap count, and a bounced recipient with the address', () => {
    const email = renderOperatorReport({
      kind: 'watchdog',
      group: { name: 'aquatec', language: 'en', locale: 'en-US', timeZone: 'America/Tegucigalpa' },
      month: '2026-04',
      at: '2026-05-01T19:00:00Z',
      missedMonthAfterHours: 6,
      lines: [
        {
          target: 1,
          name: 'Central',
          status: 'missing',
          reason: 'no record',
          fix: { advice: 'missing', event: { group: 'aquatec', month: '2026-04' } },
        },
        {
          target: 2,
          name: 'Norte',
          status: 'sent',
          undelivered: [
            {
              address: 'old@example.com',
              detail: 'bounced: Permanent/General: smtp; 550 5.1.1 user unknown',
              event: { group: 'aquatec', month: '2026-04', companies: [2] },
            },
          ],
        },
      ],
      links,
    });

    expect(email.subject).toBe('Missed month · aquatec · April 2026: 1 not sent');
    expect(email.text).toContain('6 hours after the scheduled run, by the deadline of May 1, 2026, 1:00 PM (Honduras time, UTC-6)');
    expect(email.text).toContain('1 of 2 emails not sent');
    expect(email.text).toContain('old@example.com: bounced: Permanent/General: smtp; 550 5.1.1 user unknown. Fix the address');
  });

  it('lists new unsubscribes with their dates and says where to remove them from the config', () => {
    // prepare
    const input: OperatorReportInput = {
      ...run('en'),
      lines: [{ target: 1, name: 'Aquatec Central', status: 'sent' }],
      unsubscribes: {
        since: '2026-04-01T13:00:00.000Z',
        entries: [
          { address: 'gerencia@aquatec.example', at: '2026-04-03T16:20:00.000Z' },
          { address: '<img src=x>@example.com', at: '2026-04-28T23:30:00.000Z' },
        ],
      },
    };

    // act
    const email = renderOperatorReport(input);

    // assert
    expect(email.subject).toBe('Report run · aquatec · April 2026: everything went out · 2 unsubscribed');
    expect(email.text).toContain(
      '== New unsubscribes ==\nUnsubscribed since the previous monthly run, of Apr 1, 2026, 7:00 AM (Honduras time, UTC-6)',
    );
    expect(email.text).toContain('- gerencia@aquatec.example (Apr 3, 2026, 10:20 AM)\n- <img src=x>@example.com (Apr 28, 2026, 5:30 PM)\n');
    expect(email.text).toContain('Remove them from infra/report.config.ts or the recipients CSV (infra/recipients/) and deploy');
    expect(email.html).toContain('gerencia@aquatec.example');
    expect(email.html).toContain('&lt;img src&#x3D;x&gt;@example.com');
    expect(email.html).not.toContain('<img src=x>');
    expect(email.html).toContain('infra/recipients/');
  });

  it('words the unsubscribe section in Spanish too, and leaves it out when nobody unsubscribed', () => {
    const withOne = renderOperatorReport({
      ...run('es'),
      unsubscribes: { since: '2026-04-01T13:00:00.000Z', entries: [{ address: 'a@example.com', at: '2026-04-03T16:20:00.000Z' }] },
    });
    const withNone = renderOperatorReport({ ...run('es'), unsubscribes: { since: '2026-04-01T13:00:00.000Z', entries: [] } });

    expect(withOne.subject).toBe('Ejecución del reporte · aquatec · abril de 2026: 3 por revisar · bajas: 1');
    expect(withOne.text).toContain('== Bajas nuevas ==');
    expect(withOne.text).toContain('Quítelas de infra/report.config.ts o del CSV de destinatarios (infra/recipients/)');
    expect(withNone.subject).toBe('Ejecución del reporte · aquatec · abril de 2026: 3 por revisar');
    expect(withNone.text).not.toContain('Bajas nuevas');
    expect(withNone.html).not.toContain('Bajas nuevas');
  });

  it('says so when the unsubscribe list could not be read, instead of implying nobody unsubscribed', () => {
    const email = renderOperatorReport({ ...run('en'), unsubscribesError: 'Requested resource not found' });

    expect(email.text).toContain('The unsubscribe list could not be read (Requested resource not found)');
    expect(email.html).toContain('The unsubscribe list could not be read (Requested resource not found)');
  });

  it('stays small: well under the clipping budget for a 50-company group', () => {
    const many = run('es');
    many.lines = Array.from({ length: 50 }, (_, index) => ({ ...many.lines[2]!, target: index + 1, name: `Empresa ${index + 1}` }));

    expect(Buffer.byteLength(renderOperatorReport(many).html)).toBeLessThan(90_000);
  });

  it('words every reason the run writes in the group language, SES and IOBot messages kept as they said them', () => {
    const input = run('es');
    input.lines.push({
      target: 4,
      name: 'Oeste',
      status: 'failed',
      reason:
        'IOBot could not give page 1 (companies 1–4 of the run, ids 1…4): IOBot answered 503. IOBot said: Service Unavailable (after 3 attempts)',
      fix: { advice: 'failed', event: { group: 'aquatec', month: '2026-04', companies: [4] } },
    });

    const email = renderOperatorReport(input);

    expect(email.text).toContain(
      '- Oeste (4): fallido (IOBot no entregó la página 1 (empresas 1 a 4 de la ejecución): IOBot respondió 503. IOBot dijo: Service Unavailable (tras 3 intentos))',
    );
    expect(email.text).toContain('- Sur (3): retenido (los números no pasaron los controles de consistencia; no se envió;');
    expect(email.text).not.toContain('the numbers failed');
    expect(email.html).not.toContain('the numbers failed');
    expect(email.text).toContain('SES respondió MessageRejected: Email address is not verified.');
  });

  it('says the month as the reports do ("abril de 2026") and the run time with its time zone', () => {
    const email = renderOperatorReport(run('es'));

    expect(email.text).toContain('Ejecución del reporte: aquatec, abril de 2026');
    expect(email.text).toContain('Qué hizo la ejecución del 1 may 2026, 7:00 a. m. (hora de Honduras, UTC-6) con cada correo del mes.');
  });

  it('words a bounced recipient in the group language, SES diagnostic kept', () => {
    const input = run('es');
    input.lines = [
      {
        target: 1,
        name: 'Central',
        status: 'sent',
        undelivered: [{ address: 'x@example.com', detail: 'bounced: Permanent/General: smtp; 550 5.1.1', event: { group: 'aquatec' } }],
      },
    ];

    expect(renderOperatorReport(input).text).toContain('x@example.com: rebotó: Permanent/General: smtp; 550 5.1.1. Corrija la dirección');
  });

  it('keeps the console event block readable in dark mode as in light mode (4.5:1)', () => {
    const email = renderOperatorReport(run('es'));

    const findings = checkContrast(email.html);

    expect(findings.map((finding) => `${finding.mode} ${finding.selector}: ${finding.ratio}:1`)).toEqual([]);
  });
});
