import type { RuntimeConfigInput } from '../functions/config/config-schema.ts';
import { defaultGroup } from './synthetic/groups.ts';
import type { SimCompany } from './synthetic/sim-company.ts';

/** The embedded default for `npm start`: one group over the simulator's companies, example.com inboxes. */
export const demoConfig =
  (companies: SimCompany[] = defaultGroup()) =>
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
          to: [`gerencia.${company.id}@example.com`],
          cc: company.id === 1 ? ['ventas@example.com'] : [],
          // The local stack answers this address with a permanent bounce, as SES would for a dead mailbox.
          bcc: company.id === 3 ? ['bounce@example.com'] : [],
        })),
        summaryRecipients: { to: ['direccion@example.com'] },
        exchangeRates: { 'USD:HNL': 24.7 },
        branding: { contact: 'soporte@example.com' },
      },
    ],
  });
