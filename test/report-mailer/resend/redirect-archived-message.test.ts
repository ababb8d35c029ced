import { describe, expect, it } from 'vitest';
import { composeMessage } from '../../../functions/delivery/compose-message.ts';
import { redirectArchivedMessage } from '../../../functions/report-mailer/resend/redirect-archived-message.ts';
import { unsubscribeHeaders } from '../../../functions/delivery/unsubscribe-headers.ts';

const TOKEN = `v1.${'Ab9_-'.repeat(30)}`;
const URL_WITH_TOKEN = `https://unsub.example.com/?t=${TOKEN}`;

const archived = async (): Promise<Buffer> =>
  composeMessage({
    from: { name: 'IOBot Reportes', address: 'reportes@example.com' },
    to: ['gerencia@example.com'],
    cc: ['ventas@example.com'],
    bcc: ['archivo@example.com'],
    subject: 'Reporte mensual · Empresa · marzo de 2026',
    // Long lines: quoted-printable folds them, so the token is split by soft line breaks.
    html: `<p>${'Ventas del mes. '.repeat(20)}<a href="${URL_WITH_TOKEN}">Dejar de recibir</a></p>`,
    text: `${'Ventas del mes. '.repeat(20)}\nDejar de recibir: ${URL_WITH_TOKEN}\n`,
    attachments: [],
    headers: unsubscribeHeaders(URL_WITH_TOKEN, 'operaciones@example.com', 'aquatec'),
  });

const unfolded = (raw: Uint8Array) => Buffer.from(raw).toString('latin1').replace(/=\r\n/g, '');
const headerBlock = (raw: Uint8Array) => Buffer.from(raw).toString('latin1').split('\r\n\r\n')[0] ?? '';

describe('redirectArchivedMessage', () => {
  it("addresses the copy to the testers, names whom it was for, and drops the customer's unsubscribe", async () => {
    // prepare
    const original = await archived();
    expect(unfolded(original)).toContain(TOKEN);

    // act
    const copy = redirectArchivedMessage(original, {
      to: ['qa@example.com'],
      redirectedFrom: ['gerencia@example.com', 'ventas@example.com'],
    });

    // assert
    const head = headerBlock(copy);
    expect(head).toMatch(/^To: qa@example\.com$/m);
    expect(head).toMatch(/^X-IOBot-Redirected-From: gerencia@example\.com, ventas@example\.com$/m);
    expect(head).not.toMatch(/^(Cc|List-Unsubscribe|List-Unsubscribe-Post):/im);
    expect(head).toContain('Subject: ');
    expect(unfolded(copy)).not.toContain(TOKEN);
    expect(unfolded(copy)).toContain(`t=3D${'x'.repeat(TOKEN.length)}`);
  });

  it('keeps every other byte of the body, so the tester sees what the customer got', async () => {
    const original = await archived();

    const copy = redirectArchivedMessage(original, { to: ['qa@example.com'], redirectedFrom: ['gerencia@example.com'] });

    const body = (raw: Uint8Array) => Buffer.from(raw).toString('latin1').split('\r\n\r\n').slice(1).join('\r\n\r\n');
    const [before, after] = [body(original), body(copy)];
    expect(after.length).toBe(before.length);
    const changed = [...after].flatMap((char, index) => (char === before[index] ? [] : [char]));
    // Only the token's characters changed (two parts, each with the token once), each into an "x".
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThanOrEqual(2 * TOKEN.length);
    expect(new Set(changed)).toEqual(new Set(['x']));
  });
});
