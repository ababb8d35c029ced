import { describe, expect, it } from 'vitest';
import { localeContext } from '../../../functions/report/format/locale-context.ts';
import { GROUP_EN, GROUP_ES, PERIOD } from '../../fixtures/reports.ts';

describe('localeContext', () => {
  it('names the month and the month before in the email language', () => {
    const es = localeContext(PERIOD, GROUP_ES);
    const en = localeContext(PERIOD, GROUP_EN);

    expect(es.month).toEqual({ label: 'abril de 2026', name: 'abril' });
    expect(es.previousMonth).toEqual({ label: 'marzo de 2026', name: 'marzo' });
    expect(en.month.label).toBe('April 2026');
  });

  it('builds the date-range sentence once, naming the time zone as a place a reader knows', () => {
    expect(localeContext(PERIOD, GROUP_ES).range).toBe('Del 1 al 30 de abril de 2026 (hora de Honduras)');
    expect(localeContext(PERIOD, GROUP_EN).range).toBe('April 1–30, 2026 (Honduras time)');
  });

  it('builds the footer from the branding, with the standard look by default', () => {
    const es = localeContext(PERIOD, GROUP_ES);

    expect(es.branding).toEqual({ accentColor: '#2f6fde', sentBy: 'IOBot', adThumbnails: true });
    expect(es.footer).toBe(`IOBot envía este reporte automáticamente cada mes. Datos de IOBot. ${es.range}.`);
  });

  it('formats numbers with the group locale even when the words are English', () => {
    const en = localeContext(PERIOD, GROUP_EN);

    expect(en.words).toBe('en');
    expect(en.format.locale).toBe(GROUP_EN.locale);
  });
});
