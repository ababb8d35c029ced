import { describe, expect, it } from 'vitest';
import { composeMessage, envelopeRecipients, type OutgoingEmail } from '../../functions/delivery/compose-message.ts';

const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  from: { name: 'IOBot Reportes', address: 'reportes@example.com' },
  to: ['gerencia@example.com'],
  cc: ['ventas@example.com'],
  bcc: ['archivo@example.com'],
  subject: 'Reporte mensual · Empresa Principal · abril 2026',
  html: '<p>Ventas: L 95,000.00</p>',
  text: 'Ventas: L 95,000.00',
  attachments: [{ filename: 'detalle.csv', content: '\uFEFFagente,ventas\r\nMaría,15\r\n', contentType: 'text/csv; charset=utf-8' }],
  ...overrides,
});

describe('composeMessage', () => {
  it('builds multipart/alternative with text before HTML, plus the attachment', async () => {
    const raw = (await composeMessage(email())).toString('utf8');

    expect(raw).toMatch(/Content-Type: multipart\/mixed/);
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(raw.indexOf('text/plain')).toBeLessThan(raw.indexOf('text/html'));
    expect(raw).toMatch(/Content-Disposition: attachment; filename=detalle.csv/);
  });

  it('encodes the non-ASCII subject and keeps Bcc out of the headers', async () => {
    const raw = (await composeMessage(email())).toString('utf8');

    expect(raw).toMatch(/^Subject: =\?UTF-8\?Q\?Reporte_mensual_=C2=B7/m);
    expect(raw).toMatch(/^Cc: ventas@example.com/m);
    expect(raw).not.toMatch(/^Bcc:/im);
    expect(raw).not.toContain('archivo@example.com');
  });

  it('cannot be tricked into extra headers by CR/LF in the subject', async () => {
    const raw = (await composeMessage(email({ subject: 'Reporte\r\nBcc: intruso@example.com' }))).toString('utf8');

    expect(raw).not.toMatch(/^Bcc:/im);
  });

  it('adds the tracing headers it is given', async () => {
    const raw = (await composeMessage(email({ headers: { 'X-IOBot-Report': 'aquatec/2026-04/1' } }))).toString('utf8');

    expect(raw).toMatch(/^X-Iobot-Report: aquatec\/2026-04\/1/im);
  });
});

describe('composeMessage headers for replies', () => {
  it('marks every report as auto-generated (RFC 3834), so auto-responders do not answer it', async () => {
    const raw = (await composeMessage(email())).toString('utf8');

    expect(raw).toMatch(/^Auto-Submitted: auto-generated\r$/m);
  });

  it('adds Reply-To when one is configured, and none otherwise', async () => {
    const withReplyTo = (await composeMessage(email({ replyTo: 'soporte@example.com' }))).toString('utf8');
    const without = (await composeMessage(email())).toString('utf8');

    expect(withReplyTo).toMatch(/^Reply-To: soporte@example.com\r$/m);
    expect(without).not.toMatch(/^Reply-To:/m);
  });
});

describe('envelopeRecipients', () => {
  it('lists to, cc and bcc once each, case-insensitively', () => {
    expect(envelopeRecipients({ to: ['A@example.com'], cc: ['a@example.com', 'b@example.com'], bcc: ['c@example.com'] })).toEqual([
      'A@example.com',
      'b@example.com',
      'c@example.com',
    ]);
  });
});
