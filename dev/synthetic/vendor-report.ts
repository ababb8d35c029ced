import { AD, at, MESSAGE, NO_ACTIVITY, NO_AD_ACTIVITY, ORGANIC, PDF, type Totals } from './conversation-totals.ts';
import type { SimCompany } from './sim-company.ts';
import type { SimCompanyReport } from './vendor-answer.ts';

// The totals of a range, written the way IOBot answers (field names, rounding, order).

/** Percentage with two decimals, 0 when there is nothing to divide by (as IOBot does). */
const rate = (numerator: number, denominator: number): number =>
  denominator === 0 ? 0 : Math.round((numerator * 10_000) / denominator) / 100;

const average = (sumTenths: number, count: number): number => (count === 0 ? 0 : Math.round(sumTenths / count) / 10);

export const toReport = (company: SimCompany, totals: Totals): SimCompanyReport => {
  const salesCount = at(totals.salesCount, AD) + at(totals.salesCount, ORGANIC);
  const salesAmount = at(totals.salesAmount, AD) + at(totals.salesAmount, ORGANIC);
  const quotes = (origin: number, source: number) => ({
    count: at(totals.quotationsCount, origin * 2 + source),
    amount: at(totals.quotationsAmount, origin * 2 + source),
  });
  const [adPdf, adMessage, organicPdf, organicMessage] = [
    quotes(AD, PDF),
    quotes(AD, MESSAGE),
    quotes(ORGANIC, PDF),
    quotes(ORGANIC, MESSAGE),
  ];
  const quotationsCount = adPdf.count + adMessage.count + organicPdf.count + organicMessage.count;
  const quotationsAmount = adPdf.amount + adMessage.amount + organicPdf.amount + organicMessage.amount;

  const report: SimCompanyReport = {
    data: {
      id: company.id,
      nombre: company.nombre,
      img_wa: company.img_wa ?? null,
      feature_flags: {
        currency: company.currency,
        ...(company.currency_conversion === undefined ? {} : { currency_conversion: company.currency_conversion }),
        ...(company.adAccount === undefined ? {} : { ad_account_for_report: company.adAccount }),
      },
    },
    conversaciones: totals.conversations,
    salesCount,
    salesAmount,
    salesConversionRate: rate(salesCount, totals.conversations),
    quotationsCount,
    quotationsAmount,
    qoutationConversionRate: rate(quotationsCount, totals.conversations),
    qoutationToSalesConversionRate: rate(salesCount, quotationsCount),
    averageTemperature: average(totals.temperatureTenths, totals.conversations),
    averageAgentTemperature: average(totals.agentTemperatureTenths, totals.conversations),
    salesThatChatHasAnuncioIdCount: at(totals.salesCount, AD),
    salesThatChatHasAnuncioId: at(totals.salesAmount, AD),
    salesThatDoesntHaveAnuncioIdCount: at(totals.salesCount, ORGANIC),
    salesThatDoesntHaveAnuncioId: at(totals.salesAmount, ORGANIC),
    quotationsThatChatHasAnuncioIdCount: adPdf.count + adMessage.count,
    quotationsThatChatHasAnuncioId: adPdf.amount + adMessage.amount,
    quotationsThatChatHasAnuncioIdAndSourceIsPdfCount: adPdf.count,
    quotationsThatChatHasAnuncioIdAndSourceIsPdf: adPdf.amount,
    quotationsThatChatHasAnuncioIdAndSourceIsMessageCount: adMessage.count,
    quotationsThatChatHasAnuncioIdAndSourceIsMessage: adMessage.amount,
    quotationsThatDoesntHaveAnuncioIdCount: organicPdf.count + organicMessage.count,
    quotationsThatDoesntHaveAnuncioId: organicPdf.amount + organicMessage.amount,
    quotationsThatDoesntHaveAnuncioIdAndSourceIsPdfCount: organicPdf.count,
    quotationsThatDoesntHaveAnuncioIdAndSourceIsPdf: organicPdf.amount,
    quotationsThatDoesntHaveAnuncioIdAndSourceIsMessageCount: organicMessage.count,
    quotationsThatDoesntHaveAnuncioIdAndSourceIsMessage: organicMessage.amount,
    // Only tags used in the range, most used first (ties keep the definition order).
    tags: company.tags
      .map((name, index) => ({ name, count: at(totals.tags, index) }))
      .filter((tag) => tag.count > 0)
      .sort((a, b) => b.count - a.count),
    agentes: company.agents.map((agente, index) => {
      const agent = totals.agents[index] ?? NO_ACTIVITY;
      const [completados, cancelados, pendientes, proceso] = agent.tickets;
      return {
        agente,
        totalTickets: completados + cancelados + pendientes + proceso,
        completados,
        cancelados,
        pendientes,
        proceso,
        conversaciones: agent.conversations,
        ventas: agent.sales,
        ventasAmount: agent.salesAmount,
        cotizaciones: agent.quotations,
        cotizacionesAmount: agent.quotationsAmount,
        empresa_id: company.id,
      };
    }),
  };
  if (company.adAccount !== undefined) {
    report.adsBreakdown = company.ads.map((ad, index) => {
      const ads = totals.ads[index] ?? NO_AD_ACTIVITY;
      return {
        adId: ad.adId,
        name: ad.name,
        imageUrl: ad.imageUrl ?? null,
        spend: ads.spendCents / 100,
        currency: 'USD',
        sales: ads.sales,
        salesAmount: ads.salesAmount,
        quotations: ads.quotations,
        quotationsAmount: ads.quotationsAmount,
        salesRecords: [],
      };
    });
  }
  return report;
};
