import { describe, expect, it } from 'vitest';
import { translateDetail, translateReason } from '../../functions/report/operator-reasons.ts';
import { NO_MESSAGE_ID } from '../../functions/delivery/ses-sender.ts';
import { redirectMessage, tooLargeMessage } from '../../functions/iobot/iobot-client.ts';
import { parseCompanies } from '../../functions/iobot/parse-companies.ts';
import { describePage } from '../../functions/report-mailer/monthly-run/company-pages.ts';
import { DEFERRED_REASON } from '../../functions/report-mailer/monthly-run/deliver-companies.ts';
import { notAskedReason } from '../../functions/report-mailer/monthly-run/deliver-pages.ts';
import { forcedOnTopReason, handedUnansweredReason, unsubscribedReason } from '../../functions/report-mailer/watchdog/verify-month.ts';
import { seedReport } from '../fixtures/reports.ts';

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
    'already sent to this person on 2026-05-01T13:00:41.000Z; use "force": true to send again',
    'ya se envió a esta persona el 1 may 2026, 7:00 a. m.; para enviarlo otra vez, use "force": true',
  ],
  [
    'deliver-email (already sent by the same forced event)',
    'already sent to this person on 2026-05-01T13:00:41.000Z by this same forced event (Lambda retried it): forced once; a new event forces again',
    'ya se envió a esta persona el 1 may 2026, 7:00 a. m. con este mismo evento forzado (Lambda lo reintentó): se fuerza una vez; un evento nuevo lo fuerza de nuevo',
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

const page = (index: number, ids: number[]) => describePage({ index, companies: ids.map((id) => ({ id })) } as never, 2);
const pageFailed = (detail: string) => `IOBot could not give ${page(0, [1, 2])}: ${detail}`;
const refused = pageFailed(
  'IOBot answered 401: the credentials in the secret were refused; check the apiKey/token. IOBot said: invalid key (after 1 attempts)',
);
const duplicated = (() => {
  const entry = seedReport();
  return parseCompanies([entry, entry]).invalid[0]?.error ?? '';
})();
const duplicatedAndMalformed = (() => {
  const entry = seedReport();
  return parseCompanies([entry, { ...entry, salesCount: 'muchas' }]).invalid[1]?.error ?? '';
})();
const AT = '2026-05-01T13:00:41.000Z';

/** Reasons built by their producers (exported for this), Spanish wording expected, English words that must not stay. */
const PRODUCED: [producer: string, reason: string, spanish: string, english: RegExp][] = [
  [
    'deliver-pages (not asked after a refusal)',
    notAskedReason(page(1, [3, 4]), refused),
    'no se pidió: IOBot rechazó la página 2 (IOBot no entregó la página 1 (empresas 1 a 2 de la ejecución): IOBot respondió 401: rechazó las credenciales',
    /not asked|refused page/,
  ],
  [
    'parse-companies (duplicate entries)',
    duplicated,
    'la respuesta de IOBot trae 2 entradas para la empresa 1 (data[0] "Empresa Principal", data[1] "Empresa Principal"): no se usa ninguna',
    /entries for|none of them/,
  ],
  [
    'parse-companies (duplicate and malformed)',
    duplicatedAndMalformed,
    'no cumple el formato del reporte',
    /entries for|none of them|does not match/,
  ],
  [
    'iobot-client (redirect)',
    pageFailed(redirectMessage(302, 'login.example.com')),
    'IOBot respondió 302 con una redirección a login.example.com',
    /redirecting|never followed/,
  ],
  [
    'iobot-client (too large)',
    pageFailed(tooLargeMessage(50_000_000)),
    'supera el límite de 50,000,000 bytes',
    /larger than|stopped reading/,
  ],
  ['ses-sender (no MessageId)', NO_MESSAGE_ID, 'SES aceptó el mensaje pero no devolvió su MessageId', /accepted the message/],
  [
    'verify-month (forced copy refused after a send)',
    forcedOnTopReason({ status: 'sent', at: AT, messageId: 'm-1' }, 'SES MessageRejected: Email address is not verified.'),
    'se envió el 1 may 2026, 7:00 a. m. (mensaje m-1); SES rechazó una copia forzada posterior (SES respondió MessageRejected: Email address is not verified.)',
    /refused a later|handed to/,
  ],
  [
    'verify-month (forced copy unanswered after a send)',
    forcedOnTopReason({ status: 'sent', at: AT, messageId: 'm-1' }, undefined, true),
    'se envió el 1 may 2026, 7:00 a. m. (mensaje m-1); una copia forzada posterior se entregó a SES sin respuesta registrada',
    /handed to SES without|later forced/,
  ],
  [
    'verify-month (forced attempt given up after an uncertain hand-off)',
    forcedOnTopReason({ status: 'uncertain', at: AT }, undefined),
    'se entregó a SES sin respuesta registrada el 1 may 2026, 7:00 a. m.; un intento forzado posterior se abandonó antes de llegar a SES',
    /given up|without a recorded/,
  ],
  [
    'verify-month (uncertain)',
    handedUnansweredReason(AT),
    'se entregó a SES el 1 may 2026, 7:00 a. m. sin respuesta registrada',
    /without a recorded/,
  ],
  [
    'verify-month (unsubscribed person)',
    unsubscribedReason(AT),
    'se dio de baja (visto el 1 may 2026, 7:00 a. m.): no hay nada que enviar',
    /unsubscribed \(found|nothing to send/,
  ],
  [
    'run-summary combinePeople (one person refused, one uncertain)',
    `cc ana@example.com: SES MessageRejected: Email address is not verified.; bcc luis@example.com: ${handedUnansweredReason(AT)}`,
    'cco luis@example.com: se entregó a SES el 1 may 2026, 7:00 a. m. sin respuesta registrada',
    /without a recorded|^cc ana@example\.com: SES MessageRejected/,
  ],
  [
    'classify-companies (no recipients, malformed)',
    `no recipients configured for this company in the report group (and its data is malformed: ${duplicatedAndMalformed})`,
    '(y sus datos no son válidos: la respuesta de IOBot trae 2 entradas para la empresa 1',
    /entries for|does not match/,
  ],
];

describe('translateReason of what the run writes', () => {
  it.each(PRODUCED)('words the reason of %s in Spanish, leaving no English of ours', (_producer, reason, spanish, english) => {
    const worded = translateReason(reason, ES);

    expect(worded.replace(/[\u00a0\u202f]/g, ' ')).toContain(spanish);
    expect(worded).not.toContain('detalle técnico');
    expect(worded).not.toMatch(english);
  });
});

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
