// Rates whose denominator can be zero. A company with no conversations has no conversion rate: it is
// not 0 %, and showing it as 0 % would read as "everyone who wrote left without buying".
import type { CompanyReport } from '../../iobot/report-schema.ts';

/** `value` when its denominator is positive, else null ("not defined"). */
export const definedRate = (value: number, denominator: number): number | null => (denominator > 0 ? value : null);

/** The sales conversion rate (IOBot's percentage), or null when there were no conversations to convert. */
export const salesRate = (report: Pick<CompanyReport, 'salesConversionRate' | 'conversaciones'>): number | null =>
  definedRate(report.salesConversionRate, report.conversaciones);
