import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkReport } from '../../functions/iobot/data-checks.ts';
import { companyReportSchema, type CompanyReport } from '../../functions/iobot/report-schema.ts';

const example = JSON.parse(readFileSync(new URL('../fixtures/example-response.json', import.meta.url), 'utf8'));
const report = (overrides: Record<string, unknown> = {}): CompanyReport => companyReportSchema.parse({ ...example.data[0], ...overrides });

describe('checkReport', () => {
  it('finds nothing wrong with the vendor example', () => {
    expect(checkReport(report())).toEqual([]);
  });

  it('finds nothing wrong with an empty month', () => {
    const zeros = Object.fromEntries(Object.entries(example.data[0]).map(([key, value]) => [key, typeof value === 'number' ? 0 : value]));

    expect(checkReport(report({ ...zeros, tags: [], agentes: [], adsBreakdown: [] }))).toEqual([]);
  });

  it('flags ads + organic sales that do not add up to the total', () => {
    expect(checkReport(report({ salesCount: 40, salesConversionRate: 7.41, qoutationToSalesConversionRate: 35.71 }))).toEqual([
      'salesThatChatHasAnuncioIdCount (25) + salesThatDoesntHaveAnuncioIdCount (13) = 38, but salesCount is 40',
    ]);
  });

  it('flags PDF + message quotations that do not add up to their source', () => {
    expect(checkReport(report({ quotationsThatChatHasAnuncioIdAndSourceIsPdf: 70000 }))).toEqual([
      'quotationsThatChatHasAnuncioIdAndSourceIsPdf (70000) + quotationsThatChatHasAnuncioIdAndSourceIsMessage (100000) = 170000, but quotationsThatChatHasAnuncioId is 175000',
    ]);
  });

  it('flags a rate inconsistent with its counts', () => {
    expect(checkReport(report({ salesConversionRate: 9.5 }))).toEqual([
      'salesConversionRate is 9.5 %, but salesCount (38) / conversaciones (540) is 7.04 %',
    ]);
  });

  it('flags negative numbers at every level, with their path', () => {
    const agent = { ...example.data[0].agentes[0], ventas: -1 };

    expect(checkReport(report({ averageTemperature: -2, agentes: [agent] }))).toEqual([
      'averageTemperature is negative (-2)',
      'agentes[0].ventas is negative (-1)',
    ]);
  });
});
