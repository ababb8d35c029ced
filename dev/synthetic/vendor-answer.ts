// The answer's types, field names verbatim from IOBot (typos included). Kept separate from the
// app's zod schema on purpose: the simulator stands for the vendor, not for our reading of it.

export interface SimCompanyInfo {
  id: number;
  nombre: string;
  img_wa: string | null;
  feature_flags: {
    currency: string;
    currency_conversion?: string;
    ad_account_for_report?: number;
  };
}

export interface SimTagRow {
  name: string;
  count: number;
}

export interface SimAgentRow {
  agente: string;
  totalTickets: number;
  completados: number;
  cancelados: number;
  pendientes: number;
  proceso: number;
  conversaciones: number;
  ventas: number;
  ventasAmount: number;
  cotizaciones: number;
  cotizacionesAmount: number;
  empresa_id: number;
}

export interface SimAdRow {
  adId: string;
  name: string;
  imageUrl: string | null;
  spend: number;
  currency: 'USD';
  sales: number;
  salesAmount: number;
  quotations: number;
  quotationsAmount: number;
  salesRecords: unknown[];
}

export interface SimCompanyReport {
  data: SimCompanyInfo;
  conversaciones: number;
  salesCount: number;
  salesAmount: number;
  salesConversionRate: number;
  quotationsCount: number;
  quotationsAmount: number;
  qoutationConversionRate: number;
  qoutationToSalesConversionRate: number;
  averageTemperature: number;
  averageAgentTemperature: number;
  salesThatChatHasAnuncioIdCount: number;
  salesThatChatHasAnuncioId: number;
  salesThatDoesntHaveAnuncioIdCount: number;
  salesThatDoesntHaveAnuncioId: number;
  quotationsThatChatHasAnuncioIdCount: number;
  quotationsThatChatHasAnuncioId: number;
  quotationsThatChatHasAnuncioIdAndSourceIsPdfCount: number;
  quotationsThatChatHasAnuncioIdAndSourceIsPdf: number;
  quotationsThatChatHasAnuncioIdAndSourceIsMessageCount: number;
  quotationsThatChatHasAnuncioIdAndSourceIsMessage: number;
  quotationsThatDoesntHaveAnuncioIdCount: number;
  quotationsThatDoesntHaveAnuncioId: number;
  quotationsThatDoesntHaveAnuncioIdAndSourceIsPdfCount: number;
  quotationsThatDoesntHaveAnuncioIdAndSourceIsPdf: number;
  quotationsThatDoesntHaveAnuncioIdAndSourceIsMessageCount: number;
  quotationsThatDoesntHaveAnuncioIdAndSourceIsMessage: number;
  tags: SimTagRow[];
  agentes: SimAgentRow[];
  adsBreakdown?: SimAdRow[];
}

export interface SimMultiReport {
  data: SimCompanyReport[];
}
