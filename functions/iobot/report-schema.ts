/**
 * Schema of IOBot's `POST /empresas/data-report/multi` answer.
 * Field names are the vendor's, verbatim (typos included: `qoutationConversionRate`).
 * Objects are loose: IOBot adds fields without notice and an extra field must never hold a report.
 */
import * as z from 'zod';

// A documented metric must be there: a missing one is a malformed answer, never a silent 0 that
// would be mailed as a real month. `null` is IOBot's "nothing happened" (0). Some serializers send
// numbers as strings: only plain decimals ("95000", "7.04"), never hex, exponents, padding or words.
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;
const describeBadMetric = (input: unknown): string => {
  if (input === undefined) return 'missing: a documented metric';
  if (typeof input === 'string') return `not a plain decimal number: ${JSON.stringify(input)}`;
  return `not a finite number: ${typeof input === 'number' ? String(input) : (JSON.stringify(input) ?? typeof input)}`;
};
const metric = z.preprocess(
  (value) => {
    if (value === null) return 0;
    if (typeof value === 'string' && PLAIN_DECIMAL.test(value)) return Number(value);
    return value;
  },
  z
    .number({ error: (issue) => describeBadMetric(issue.input) })
    .refine(Number.isFinite, { error: (issue) => describeBadMetric(issue.input) }),
);

const text = z.preprocess((value) => (value === null || value === undefined ? '' : value), z.string());
const optionalText = z.preprocess((value) => (value === null ? undefined : value), z.string().optional());
const list = <T extends z.ZodType>(item: T) => z.preprocess((value) => (value === null || value === undefined ? [] : value), z.array(item));

const companyInfoSchema = z.looseObject({
  id: z.preprocess((value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value), z.number().int()),
  nombre: text,
  img_wa: optionalText,
  feature_flags: z.preprocess(
    (value) => (value === null || value === undefined ? {} : value),
    z.looseObject({
      currency: optionalText,
      currency_conversion: optionalText,
      ad_account_for_report: z.unknown().optional(),
    }),
  ),
});

export const tagSchema = z.looseObject({ name: text, count: metric });

export const agentSchema = z.looseObject({
  agente: text,
  totalTickets: metric,
  completados: metric,
  cancelados: metric,
  pendientes: metric,
  proceso: metric,
  conversaciones: metric,
  ventas: metric,
  ventasAmount: metric,
  cotizaciones: metric,
  cotizacionesAmount: metric,
  empresa_id: z.unknown().optional(),
});

export const adSchema = z.looseObject({
  adId: z.preprocess((value) => (typeof value === 'number' ? String(value) : value), text),
  name: text,
  imageUrl: optionalText,
  spend: metric,
  currency: optionalText,
  sales: metric,
  salesAmount: metric,
  quotations: metric,
  quotationsAmount: metric,
  salesRecords: z.unknown().optional(),
});

export const companyReportSchema = z.looseObject({
  data: companyInfoSchema,
  conversaciones: metric,
  salesCount: metric,
  salesAmount: metric,
  salesConversionRate: metric,
  quotationsCount: metric,
  quotationsAmount: metric,
  qoutationConversionRate: metric,
  qoutationToSalesConversionRate: metric,
  averageTemperature: metric,
  averageAgentTemperature: metric,
  salesThatChatHasAnuncioIdCount: metric,
  salesThatChatHasAnuncioId: metric,
  salesThatDoesntHaveAnuncioIdCount: metric,
  salesThatDoesntHaveAnuncioId: metric,
  quotationsThatChatHasAnuncioIdCount: metric,
  quotationsThatChatHasAnuncioId: metric,
  quotationsThatChatHasAnuncioIdAndSourceIsPdfCount: metric,
  quotationsThatChatHasAnuncioIdAndSourceIsPdf: metric,
  quotationsThatChatHasAnuncioIdAndSourceIsMessageCount: metric,
  quotationsThatChatHasAnuncioIdAndSourceIsMessage: metric,
  quotationsThatDoesntHaveAnuncioIdCount: metric,
  quotationsThatDoesntHaveAnuncioId: metric,
  quotationsThatDoesntHaveAnuncioIdAndSourceIsPdfCount: metric,
  quotationsThatDoesntHaveAnuncioIdAndSourceIsPdf: metric,
  quotationsThatDoesntHaveAnuncioIdAndSourceIsMessageCount: metric,
  quotationsThatDoesntHaveAnuncioIdAndSourceIsMessage: metric,
  tags: list(tagSchema),
  agentes: list(agentSchema),
  // Only present when the business has `feature_flags.ad_account_for_report`.
  adsBreakdown: list(adSchema),
});

export const multiReportResponseSchema = z.looseObject({
  data: z.array(companyReportSchema),
});

export type CompanyReport = z.infer<typeof companyReportSchema>;
export type AgentRow = z.infer<typeof agentSchema>;
export type AdRow = z.infer<typeof adSchema>;
export type TagRow = z.infer<typeof tagSchema>;
