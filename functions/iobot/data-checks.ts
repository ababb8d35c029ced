/**
 * Consistency checks run before a company's report is sent. A report with numbers that contradict
 * each other is held back (and reported) rather than mailed to a director who will act on it.
 */
import type { CompanyReport, companyReportSchema } from './report-schema.ts';

// Amounts may be decimals summed in a different order upstream.
const AMOUNT_TOLERANCE = 0.01;
// Rates arrive rounded to two decimals.
const RATE_TOLERANCE = 0.011;

type NumericKey = Exclude<keyof typeof companyReportSchema.shape, 'data' | 'tags' | 'agentes' | 'adsBreakdown'>;

const sumCheck = (report: CompanyReport, parts: NumericKey[], total: NumericKey, tolerance: number): string | undefined => {
  const sum = parts.reduce((acc, key) => acc + report[key], 0);
  if (Math.abs(sum - report[total]) <= tolerance) return undefined;
  return `${parts.map((key) => `${key} (${report[key]})`).join(' + ')} = ${round(sum)}, but ${total} is ${report[total]}`;
};

const round = (value: number) => Math.round(value * 100) / 100;

const rateCheck = (report: CompanyReport, rate: NumericKey, numerator: NumericKey, denominator: NumericKey): string | undefined => {
  const expected = report[denominator] === 0 ? 0 : round((report[numerator] / report[denominator]) * 100);
  if (Math.abs(expected - report[rate]) <= RATE_TOLERANCE) return undefined;
  return `${rate} is ${report[rate]} %, but ${numerator} (${report[numerator]}) / ${denominator} (${report[denominator]}) is ${expected} %`;
};

const negatives = (report: CompanyReport): string[] => {
  const found: string[] = [];
  for (const [key, value] of Object.entries(report)) {
    if (typeof value === 'number' && value < 0) found.push(`${key} is negative (${value})`);
  }
  const rows: [string, Record<string, unknown>[]][] = [
    ['agentes', report.agentes],
    ['adsBreakdown', report.adsBreakdown],
    ['tags', report.tags],
  ];
  for (const [list, items] of rows) {
    items.forEach((item, index) => {
      for (const [key, value] of Object.entries(item)) {
        if (typeof value === 'number' && value < 0) found.push(`${list}[${index}].${key} is negative (${value})`);
      }
    });
  }
  return found;
};

/** Every problem found, as sentences naming the fields and values; empty when the report is consistent. */
export const checkReport = (report: CompanyReport): string[] => {
  const problems = [
    ...negatives(report),
    sumCheck(report, ['salesThatChatHasAnuncioIdCount', 'salesThatDoesntHaveAnuncioIdCount'], 'salesCount', 0),
    sumCheck(report, ['salesThatChatHasAnuncioId', 'salesThatDoesntHaveAnuncioId'], 'salesAmount', AMOUNT_TOLERANCE),
    sumCheck(report, ['quotationsThatChatHasAnuncioIdCount', 'quotationsThatDoesntHaveAnuncioIdCount'], 'quotationsCount', 0),
    sumCheck(report, ['quotationsThatChatHasAnuncioId', 'quotationsThatDoesntHaveAnuncioId'], 'quotationsAmount', AMOUNT_TOLERANCE),
    sumCheck(
      report,
      ['quotationsThatChatHasAnuncioIdAndSourceIsPdfCount', 'quotationsThatChatHasAnuncioIdAndSourceIsMessageCount'],
      'quotationsThatChatHasAnuncioIdCount',
      0,
    ),
    sumCheck(
      report,
      ['quotationsThatChatHasAnuncioIdAndSourceIsPdf', 'quotationsThatChatHasAnuncioIdAndSourceIsMessage'],
      'quotationsThatChatHasAnuncioId',
      AMOUNT_TOLERANCE,
    ),
    sumCheck(
      report,
      ['quotationsThatDoesntHaveAnuncioIdAndSourceIsPdfCount', 'quotationsThatDoesntHaveAnuncioIdAndSourceIsMessageCount'],
      'quotationsThatDoesntHaveAnuncioIdCount',
      0,
    ),
    sumCheck(
      report,
      ['quotationsThatDoesntHaveAnuncioIdAndSourceIsPdf', 'quotationsThatDoesntHaveAnuncioIdAndSourceIsMessage'],
      'quotationsThatDoesntHaveAnuncioId',
      AMOUNT_TOLERANCE,
    ),
    rateCheck(report, 'salesConversionRate', 'salesCount', 'conversaciones'),
    rateCheck(report, 'qoutationConversionRate', 'quotationsCount', 'conversaciones'),
    rateCheck(report, 'qoutationToSalesConversionRate', 'salesCount', 'quotationsCount'),
  ];
  return problems.filter((problem): problem is string => problem !== undefined);
};
