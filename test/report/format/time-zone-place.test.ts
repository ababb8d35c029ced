import { describe, expect, it } from 'vitest';
import { timeZonePlace } from '../../../functions/report/format/time-zone-place.ts';

describe('timeZonePlace', () => {
  it('names a one-zone country by the country, in the email language', () => {
    expect(timeZonePlace('America/Tegucigalpa', 'es')).toBe('Honduras');
    expect(timeZonePlace('America/Guatemala', 'en')).toBe('Guatemala');
    expect(timeZonePlace('Europe/Madrid', 'es')).toBe('España');
  });

  it('names any other zone by its city, without underscores', () => {
    expect(timeZonePlace('America/Mexico_City', 'es')).toBe('Mexico City');
    expect(timeZonePlace('UTC', 'es')).toBe('UTC');
  });
});
