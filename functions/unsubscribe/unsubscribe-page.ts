/** The endpoint's HTML: small, self-contained (no scripts, no external resources), es or en. */
import Handlebars from 'handlebars/runtime';

type Language = 'es' | 'en';

const TEXT = {
  es: {
    title: 'Cancelar la suscripción',
    confirmOne: 'Dejar de enviar los reportes mensuales de «{group}» a {address}?',
    confirmMany: 'Escriba la dirección que ya no debe recibir los reportes mensuales de «{group}».',
    addressLabel: 'Su dirección de correo',
    button: 'Cancelar la suscripción',
    done: 'Listo: {who} ya no recibirá los reportes mensuales de «{group}».',
    doneMany: 'Listo: las direcciones de este correo ya no recibirán los reportes mensuales de «{group}».',
    doneTyped: 'Si {address} recibía estos reportes, ya no recibirá los de «{group}».',
    invalid: 'Este enlace no es válido. Use el enlace completo del correo, o responda al correo para darse de baja.',
  },
  en: {
    title: 'Unsubscribe',
    confirmOne: 'Stop sending the monthly “{group}” reports to {address}?',
    confirmMany: 'Type the address that should no longer receive the monthly “{group}” reports.',
    addressLabel: 'Your email address',
    button: 'Unsubscribe',
    done: 'Done: {who} will no longer receive the monthly “{group}” reports.',
    doneMany: 'Done: the addresses of this email will no longer receive the monthly “{group}” reports.',
    doneTyped: 'If {address} received these reports, it will no longer receive the “{group}” ones.',
    invalid: 'This link is not valid. Use the complete link from the email, or reply to the email to unsubscribe.',
  },
} as const;

const escape = (value: string): string => Handlebars.Utils.escapeExpression(value);
const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => `<strong>${escape(values[name] ?? '')}</strong>`);

const layout = (language: Language, body: string): string =>
  `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
  `<meta name="robots" content="noindex"><title>${TEXT[language].title}</title>` +
  '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2937}' +
  'button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:6px;background:#1d4ed8;color:#fff;cursor:pointer}' +
  'input{font:inherit;padding:.5rem;width:100%;box-sizing:border-box;margin:.3rem 0 1rem}</style></head>' +
  `<body><h1>${TEXT[language].title}</h1>${body}</body></html>`;

/** GET: asks, never acts (mail scanners follow links). The form posts back to the same URL. */
export const confirmationPage = (language: Language, group: string, address: string | undefined): string => {
  const text = TEXT[language];
  const field = address
    ? ''
    : `<label for="address">${text.addressLabel}</label><input id="address" name="address" type="email" required autocomplete="email">`;
  const question = address ? fill(text.confirmOne, { group, address }) : fill(text.confirmMany, { group });
  return layout(language, `<p>${question}</p><form method="post">${field}<button type="submit">${text.button}</button></form>`);
};

export const donePage = (language: Language, group: string, outcome: { address?: string; typed?: string }): string => {
  const text = TEXT[language];
  if (outcome.typed !== undefined) return layout(language, `<p>${fill(text.doneTyped, { group, address: outcome.typed })}</p>`);
  if (outcome.address !== undefined) return layout(language, `<p>${fill(text.done, { group, who: outcome.address })}</p>`);
  return layout(language, `<p>${fill(text.doneMany, { group })}</p>`);
};

export const invalidPage = (): string => layout('es', `<p>${TEXT.es.invalid}</p><p lang="en">${TEXT.en.invalid}</p>`);
