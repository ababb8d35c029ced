import { describe, expect, it } from 'vitest';
import { localeContext } from '../../functions/report/locale-context.ts';
import { GROUP_EN, GROUP_ES, PERIOD } from '../fixtures/reports.ts';

describe('localeContext', () => {
  it('names the month and the month before in the email language', () => {
    const es = localeContext(PERIOD, GROUP_ES);
    const en = localeContext(PERIOD, GROUP_EN);

    expect(es.month).toEqual({ label: 'abril 2026', name: 'abril' });
    expect(es.previousMonth).toEqual({ label: 'marzo 2026', name: 'marzo' });
    expect(en.month.label).toBe('April 2026');
  });

  it('builds the date-range sentence from the period in the group time zone', () => {
    const es = localeContext(PERIOD, GROUP_ES);

    expect(es.range).toContain('1 abr 2026');
    expect(es.range).toContain('30 abr 2026');
  });

  it('formats numbers with the group locale even when the words are English', () => {
    const en = localeContext(PERIOD, GROUP_EN);

    expect(en.words).toBe('en');
    expect(en.format.locale).toBe(GROUP_EN.locale);
  });
});
