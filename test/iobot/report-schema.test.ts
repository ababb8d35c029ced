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
});
