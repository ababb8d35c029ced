import { describe, expect, it } from 'vitest';
import { translateDetail, translateReason } from '../../functions/report/operator-reasons.ts';
import { DEFERRED_REASON } from '../../functions/report-mailer/monthly-run/deliver-companies.ts';

const ES = { language: 'es' as const, words: 'es-HN', timeZone: 'America/Tegucigalpa' };
const EN = { language: 'en' as const, words: 'en-US', timeZone: 'America/Tegucigalpa' };

/** Reasons as functions/ writes them (the producer is named beside each), and their Spanish wording. */
const REASONS: [producer: string, reason: string, spanish: string][] = [
  [
    'classify-companies (held)',
    'the numbers failed the consistency checks; not sent',
    'los números no pasaron los controles de consistencia; no se envió',
  ],
  ['deliver-companies (deferred)', DEFERRED_REASON, 'no empezó: a esta invocación se le acabó el tiempo antes de su turno'],
  [
    'run-page (a failed IOBot page)',
    'IOBot could not give page 2 (companies 51–100 of the run, ids 51…100): IOBot answered 503. IOBot said: Service Unavailable (after 3 attempts)',
    'IOBot no entregó la página 2 (empresas 51 a 100 de la ejecución): IOBot respondió 503. IOBot dijo: Service Unavailable (tras 3 intentos)',
  ],
  [
    'run-page (timeout)',
    'IOBot could not give page 1 (companies 1–3 of the run, ids 1…3): IOBot request to https://api.iobot.example/empresas/data-report/multi failed: no answer within 30000 ms (after 3 attempts)',
    'IOBot no entregó la página 1 (empresas 1 a 3 de la ejecución): IOBot no respondió en 30000 ms (https://api.iobot.example/empresas/data-report/multi) (tras 3 intentos)',
  ],
  [
    'classify-companies (no data)',
    "IOBot's answer has no data for company 7: is it still in the shared report group of business 1?",
    'la respuesta de IOBot no trae datos de la empresa 7: ¿sigue en el grupo del reporte compartido del negocio 1?',
  ],
  [
    'deliver-email (already sent)',
    'already sent to these recipients on 2026-05-01T13:00:41.000Z; use "force": true to send again',
    'ya se envió a estos destinatarios el 1 may 2026, 7:00 a. m.; para enviarlo otra vez, use "force": true',
  ],
  [
    'deliver-email (permanent SES rejection)',
    'SES MessageRejected: Email address is not verified. (recorded: retries will not try again; fix the recipients (a corrected list is sent by the next run) or the SES identity (then re-run with "force": true))',
    'SES respondió MessageRejected: Email address is not verified. (quedó registrado: los reintentos no lo volverán a intentar;',
  ],
  [
    'deliver-email (no answer)',
    'SES Throttling: Rate exceeded: SES never answered, so it may have gone out; not sent again automatically. The SES Send event settles it; otherwise re-run with "force": true once you have checked the inbox or the logs',
    'SES respondió Throttling: Rate exceeded: SES no respondió, así que puede haber salido',
  ],
  ['report-email (render)', 'rendering failed: boom', 'no se pudo armar el correo: boom'],
  [
    'report-email (all unsubscribed)',
    'every recipient unsubscribed: a@example.com, b@example.com',
    'todos los destinatarios se dieron de baja: a@example.com, b@example.com',
  ],
  [
    'deliver-group-summary (deferred)',
    'waits for the 4 companies left for the next run, which sends it',
    'espera a las 4 empresas que quedaron para la próxima ejecución, que lo envía',
  ],
  [
    'deliver-group-summary (held)',
    'not sent: 2 of 9 companies are not accounted for (3 (Norte): failed, SES…; 4: held, the numbers…); the re-run that completes the month sends it, or send it now listing them with "sendIncompleteSummary": true',
    'no se envió: faltan 2 de 9 empresas (vea cada una en la tabla)',
  ],
  [
    'deliver-group-summary (nothing)',
    'not sent: no company of 2026-04 is accounted for, so there is nothing to summarise (3: failed, x)',
    'no se envió: ninguna empresa de abril de 2026 está resuelta',
  ],
  [
    'verify-month (no record)',
    'no record in the send ledger: the run never reached it, it failed before sending, or the company was held',
    'el registro de envíos no tiene este correo',
  ],
  [
    'resend-from-archive',
    'no archived email of 2026-04 for 3 that went to its recipients',
    'no hay un correo archivado de abril de 2026 para 3 que haya llegado a sus destinatarios',
  ],
];

describe('translateReason', () => {
  it.each(REASONS)('words the reason of %s in Spanish', (_producer, reason, spanish) => {
    const worded = translateReason(reason, ES);

    expect(worded).toContain(spanish);
    expect(worded).not.toContain('detalle técnico');
  });

  it('keeps the English reasons as the run wrote them for an English group', () => {
    expect(translateReason('the numbers failed the consistency checks; not sent', EN)).toBe(
      'the numbers failed the consistency checks; not sent',
    );
    expect(translateReason(DEFERRED_REASON, EN)).toBe(DEFERRED_REASON);
    expect(translateReason('rendering failed: boom', EN)).toBe('rendering failed: boom');
  });

  it('shows a reason no rule knows whole, labelled as technical detail, rather than dropping it', () => {
    expect(translateReason('something new went wrong', ES)).toBe('detalle técnico (en inglés): something new went wrong');
    expect(translateReason('something new went wrong', EN)).toBe('something new went wrong');
  });

  it('keeps SES and IOBot messages verbatim inside the Spanish sentence (operators search for them)', () => {
    expect(translateDetail('SES MessageRejected: Email address is not verified.', ES)).toBe(
      'SES respondió MessageRejected: Email address is not verified.',
    );
    expect(translateDetail('IOBot answered 401: the credentials in the secret were refused; check. IOBot said: nope', ES)).toBe(
      'IOBot respondió 401: rechazó las credenciales del secreto; revise el apiKey o el token. IOBot dijo: nope',
    );
  });
});
