// A time zone as a place a reader knows: "hora de Honduras", never "America/Tegucigalpa". Zones that
// cover one whole country are named by the country, in the email's language (Intl.DisplayNames);
// any other zone by its city, as the IANA id spells it.
import { memoize } from '../../shared/memoize.ts';

// One zone for the whole country: the country's name says the time exactly.
const COUNTRY_OF_ZONE: Readonly<Record<string, string>> = {
  'America/Tegucigalpa': 'HN',
  'America/Guatemala': 'GT',
  'America/El_Salvador': 'SV',
  'America/Managua': 'NI',
  'America/Costa_Rica': 'CR',
  'America/Panama': 'PA',
  'America/Belize': 'BZ',
  'America/Bogota': 'CO',
  'America/Lima': 'PE',
  'America/Caracas': 'VE',
  'America/Guayaquil': 'EC',
  'America/La_Paz': 'BO',
  'America/Asuncion': 'PY',
  'America/Montevideo': 'UY',
  'America/Santo_Domingo': 'DO',
  'America/Puerto_Rico': 'PR',
  'America/Havana': 'CU',
  'America/Argentina/Buenos_Aires': 'AR',
  'America/Buenos_Aires': 'AR',
  'Europe/Madrid': 'ES',
};

const regionNames = memoize(
  (language: string) => language,
  (language: string) => new Intl.DisplayNames([language], { type: 'region' }),
);

/** "Honduras" for America/Tegucigalpa; "Mexico City" for America/Mexico_City; "UTC" for UTC. */
export const timeZonePlace = memoize(
  (timeZone: string, language: string) => `${timeZone}|${language}`,
  (timeZone: string, language: string): string => {
    const country = COUNTRY_OF_ZONE[timeZone];
    const name = country ? regionNames(language).of(country) : undefined;
    if (name) return name;
    return (timeZone.split('/').at(-1) ?? timeZone).replace(/_/g, ' ');
  },
);
