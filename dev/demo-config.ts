import type { RuntimeConfigInput } from '../functions/config/config-schema.ts';
import { defaultGroup } from './synthetic/groups.ts';
import type { SimCompany } from './synthetic/sim-company.ts';

export interface DemoConfigOptions {
  /**
   * Addresses per company, each its own email, dealt to `to`, `cc` and `bcc` in turn (3 puts one in
   * each field: what the load bench sends). Unset: the demo's mix, one `to` per company, a `cc` on
   * company 1 and the bouncing `bcc` on company 3, which `npm start` and the tests rely on.
   */
  peoplePerCompany?: number;
}

const FIELDS = ['to', 'cc', 'bcc'] as const;
const MAILBOXES = ['gerencia', 'ventas', 'auditoria'];

/** `count` distinct example.com addresses of one company, dealt to, cc, bcc, to, cc… */
export const companyRecipients = (companyId: number, count: number): Record<(typeof FIELDS)[number], string[]> => {
  if (!Number.isInteger(count) || count < 1) throw new Error(`peoplePerCompany must be a whole number ≥ 1, got ${count}`);
  const recipients = { to: [] as string[], cc: [] as string[], bcc: [] as string[] };
  for (let person = 0; person < count; person += 1) {
    const mailbox = MAILBOXES[person] ?? `persona${person + 1}`;
    recipients[FIELDS[person % FIELDS.length] as (typeof FIELDS)[number]].push(`${mailbox}.${companyId}@example.com`);
  }
  return recipients;
};

/** The embedded default for `npm start`: one group over the simulator's companies, example.com inboxes. */
export const demoConfig =
  (companies: SimCompany[] = defaultGroup(), options: DemoConfigOptions = {}) =>
  (apiBaseUrl: string): RuntimeConfigInput => ({
    sender: { address: 'reportes@example.com', name: 'IOBot Reportes', replyTo: 'soporte@example.com' },
    apiBaseUrl,
    sendRatePerSecond: 50,
    groups: [
      {
        name: 'demo',
        displayName: 'Grupo Demo',
        businessId: 1,
        timeZone: 'America/Tegucigalpa',
        locale: 'es-HN',
        language: 'es',
        companies: companies.map((company) => ({
          id: company.id,
          label: company.nombre,
          ...(options.peoplePerCompany === undefined
            ? {
                to: [`gerencia.${company.id}@example.com`],
                cc: company.id === 1 ? ['ventas@example.com'] : [],
                // The local stack answers this address with a permanent bounce, as SES would for a dead mailbox.
                bcc: company.id === 3 ? ['bounce@example.com'] : [],
              }
            : companyRecipients(company.id, options.peoplePerCompany)),
        })),
        summaryRecipients: { to: ['direccion@example.com'] },
        exchangeRates: { 'USD:HNL': 24.7 },
        branding: { contact: 'soporte@example.com' },
      },
    ],
  });
