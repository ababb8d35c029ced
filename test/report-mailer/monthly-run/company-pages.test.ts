import { describe, expect, it } from 'vitest';
import { reportGroupSchema } from '../../../functions/config/config-schema.ts';
import { companyPages, describePage } from '../../../functions/report-mailer/monthly-run/company-pages.ts';

const group = reportGroupSchema.parse({
  name: 'paged',
  businessId: 1,
  timeZone: 'America/Tegucigalpa',
  companies: [5, 3, 9, 1, 7].map((id) => ({ id, to: [`c${id}@example.com`] })),
});

describe('companyPages', () => {
  it('cuts the configured companies into pages of includeBusinesses, in config order', () => {
    // act
    const pages = companyPages({ group }, 2);

    // assert
    expect(pages.map((page) => page.includeBusinesses)).toEqual([[5, 3], [9, 1], [7]]);
    expect(pages.map((page) => page.index)).toEqual([0, 1, 2]);
    expect(describePage(pages[1]!, 2)).toBe('page 2 (companies 3–4 of the run, ids 9…1)');
  });

  it('asks for the whole group in one request when it fits in a page', () => {
    // act
    const [only, ...rest] = companyPages({ group }, 100);

    // assert
    expect(rest).toEqual([]);
    expect(only?.includeBusinesses).toBeUndefined();
    expect(only?.companies.map((company) => company.id)).toEqual([5, 3, 9, 1, 7]);
  });

  it("pages only the event's subset, always naming it", () => {
    // act
    const pages = companyPages({ group, companies: [7, 5] }, 100);

    // assert
    expect(pages.map((page) => page.includeBusinesses)).toEqual([[5, 7]]);
  });
});
