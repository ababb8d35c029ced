// The agents table: each agent's conversations, sales (and amount), sales conversion, quotations and
// ticket completion, then the sales no agent was assigned to (the table would otherwise look like it
// covers every sale).
import type { CompanyContext } from '../company/company-context.ts';
import { cleanText, DASH, fill, plural, ratio } from '../format/format.ts';
import { more, NAME_LENGTH, type TableView } from './view-tables.ts';

export interface AgentView {
  name: string;
  /** "95 de 120 tickets completados (79 %)" */
  tickets: string;
  /** "540 conversaciones" */
  conversations: string;
  sales: string;
  salesAmount: string;
  /** Sales over conversations, like the company's "Conversión a venta". */
  conversion: string;
  quotations: string;
  quotationsAmount: string;
}

export interface AgentsView extends TableView<AgentView> {
  /** "23 de las 38 ventas (L 57,500.00) no tienen un agente asignado.", or null when every sale has one. */
  unassigned: string | null;
}

export const buildAgents = (ctx: CompanyContext, maxRows: number): AgentsView | null => {
  if (ctx.agents.length === 0) return null;
  const { format, currency, t, report } = ctx;
  const assignedSales = ctx.agents.reduce((sum, agent) => sum + agent.ventas, 0);
  const assignedAmount = ctx.agents.reduce((sum, agent) => sum + agent.ventasAmount, 0);
  const unassignedSales = report.salesCount - assignedSales;
  return {
    rows: ctx.agents.slice(0, maxRows).map((agent) => {
      const completion = ratio(agent.completados, agent.totalTickets);
      const conversion = ratio(agent.ventas, agent.conversaciones);
      return {
        name: cleanText(agent.agente, NAME_LENGTH.agent) || DASH,
        tickets:
          agent.totalTickets > 0
            ? fill(t.agents.tickets, {
                completed: format.integer(agent.completados),
                total: format.integer(agent.totalTickets),
                share: format.share(completion),
              })
            : t.agents.noTickets,
        conversations: plural(t.counts.conversations, agent.conversaciones, ctx.language, { count: format.integer(agent.conversaciones) }),
        sales: format.integer(agent.ventas),
        salesAmount: format.money(agent.ventasAmount, currency),
        conversion: format.percentValue(conversion === null ? null : conversion * 100),
        quotations: format.integer(agent.cotizaciones),
        quotationsAmount: format.money(agent.cotizacionesAmount, currency),
      };
    }),
    more: more(ctx, ctx.agents.length, maxRows, ctx.files.agents),
    unassigned:
      unassignedSales > 0
        ? fill(t.agents.unassigned, {
            sales: format.integer(unassignedSales),
            total: format.integer(report.salesCount),
            amount: format.money(Math.max(0, report.salesAmount - assignedAmount), currency),
          })
        : null,
  };
};
