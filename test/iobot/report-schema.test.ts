import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { companyReportSchema, multiReportResponseSchema } from '../../functions/iobot/report-schema.ts';

const example = JSON.parse(readFileSync(new URL('../fixtures/example-response.json', import.meta.url), 'utf8'));
const company = () => structuredClone(example.data[0]);

describe('report schema', () => {
  it('accepts the vendor example with its field names verbatim', () => {
    const parsed = multiReportResponseSchema.parse(example);

    expect(parsed.data[0]?.qoutationConversionRate).toBe(20.74);
    expect(parsed.data[0]?.data.feature_flags.currency).toBe('HNL');
    expect(parsed.data[0]?.adsBreakdown[0]?.spend).toBe(350);
  });

  it('tolerates unknown fields and keeps them', () => {
    const parsed = companyReportSchema.parse({ ...company(), nuevoCampo: 1 });

    expect(parsed.nuevoCampo).toBe(1);
  });

  it('reads a missing adsBreakdown (no ad account) as an empty list', () => {
    const { adsBreakdown: _ignored, ...withoutAds } = company();

    expect(companyReportSchema.parse(withoutAds).adsBreakdown).toEqual([]);
  });

  it('reads null metrics as 0 and numeric strings as numbers', () => {
    const parsed = companyReportSchema.parse({ ...company(), salesCount: null, salesAmount: '95000.50' });

    expect(parsed.salesCount).toBe(0);
    expect(parsed.salesAmount).toBe(95000.5);
  });

  it('rejects a malformed answer with the path of the bad field', () => {
    const bad = { data: [{ ...company(), agentes: [{ ...company().agentes[0], ventas: 'quince' }] }] };

    const result = multiReportResponseSchema.safeParse(bad);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['data', 0, 'agentes', 0, 'ventas']);
  });

  it('rejects a missing company id', () => {
    const entry = company();
    delete entry.data.id;

    expect(companyReportSchema.safeParse(entry).error?.issues[0]?.path).toEqual(['data', 'id']);
  });

  it('rejects an entry with only company data: a missing metric is malformed, never 0', () => {
    const result = companyReportSchema.safeParse({ data: company().data });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(
      expect.arrayContaining(['conversaciones', 'salesCount', 'salesAmount', 'averageAgentTemperature']),
    );
    expect(result.error?.issues.find((issue) => issue.path[0] === 'salesCount')?.message).toBe('missing: a documented metric');
  });

  it.each([
    ['agentes', 0, 'ventas'],
    ['adsBreakdown', 0, 'spend'],
    ['tags', 0, 'count'],
  ] as const)('rejects a row without a metric: %s[%i].%s', (list, index, field) => {
    const entry = company();
    delete entry[list][index][field];

    expect(companyReportSchema.safeParse(entry).error?.issues[0]?.path).toEqual([list, index, field]);
  });

  it.each(['95000', '7.04', '-3', '0'])('accepts the plain decimal string %j', (value) => {
    expect(companyReportSchema.parse({ ...company(), salesAmount: value }).salesAmount).toBe(Number(value));
  });

  it.each(['0x10', '1e3', ' 5 ', '5 ', '', 'Infinity', 'NaN', '1_000', '1,5', '+5', '.5', '5.'])(
    'rejects the numeric string %j, naming the value',
    (value) => {
      const result = companyReportSchema.safeParse({ ...company(), salesAmount: value });

      expect(result.error?.issues[0]?.path).toEqual(['salesAmount']);
      expect(result.error?.issues[0]?.message).toBe(`not a plain decimal number: ${JSON.stringify(value)}`);
    },
  );

  it.each([Number.POSITIVE_INFINITY, Number.NaN])('rejects the non-finite number %s', (value) => {
    expect(companyReportSchema.safeParse({ ...company(), salesAmount: value }).error?.issues[0]?.path).toEqual(['salesAmount']);
  });
});
