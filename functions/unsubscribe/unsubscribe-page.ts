/** The endpoint's HTML: small, self-contained (no scripts, no external resources), es or en. */
import Handlebars from 'handlebars/runtime';

type Language = 'es' | 'en';

const TEXT = {
  es: {
    title: 'Cancelar la suscripción',
    confirmOne: 'Dejar de enviar los reportes mensuales de «{group}» a {address}?',
    button: 'Cancelar la suscripción',
    done: 'Listo: {who} ya no recibirá los reportes mensuales de «{group}».',
    invalid: 'Este enlace no es válido. Use el enlace completo del correo, o responda al correo para darse de baja.',
  },
  en: {
    title: 'Unsubscribe',
    confirmOne: 'Stop sending the monthly “{group}” reports to {address}?',
    button: 'Unsubscribe',
    done: 'Done: {who} will no longer receive the monthly “{group}” reports.',
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

/**
 * GET: asks, never acts (mail scanners follow links). The button posts the RFC 8058 one-click field
 * back to the same URL, so it unsubscribes exactly as the mail client's button does.
 */
export const confirmationPage = (language: Language, group: string, address: string): string => {
  const text = TEXT[language];
  return layout(
    language,
    `<p>${fill(text.confirmOne, { group, address })}</p><form method="post">` +
      '<input type="hidden" name="List-Unsubscribe" value="One-Click"><input type="hidden" name="source" value="page">' +
      `<button type="submit">${text.button}</button></form>`,
  );
};

export const donePage = (language: Language, group: string, address: string): string =>
  layout(language, `<p>${fill(TEXT[language].done, { group, who: address })}</p>`);

export const invalidPage = (): string => layout('es', `<p>${TEXT.es.invalid}</p><p lang="en">${TEXT.en.invalid}</p>`);
