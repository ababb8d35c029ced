// What every email of a group shares before any company is looked at: the language, its strings, the
// number formatting, the branding, and the month, date-range and footer wording. The company context
// and the group summary both start from it, so the two emails of a run never word the same month
// differently.
import { DateTime } from 'luxon';
import { fill, formatMonth, formatterFor, textLocale, type Formatter } from './format.ts';
import { locales, type Language, type LocaleStrings } from './generated/templates.ts';
import { timeZonePlace } from './time-zone-place.ts';
import { brandingSchema, type Branding, type ReportGroup } from '../config/config-schema.ts';
import { memoize } from '../shared/memoize.ts';
import { monthBefore, type ReportPeriod } from '../shared/report-period.ts';

/** The group settings rendering needs; `branding` defaults to the standard look. */
export type GroupSettings = Pick<ReportGroup, 'locale' | 'language' | 'exchangeRates' | 'timeZone'> & { branding?: Branding };

export const DEFAULT_BRANDING: Branding = brandingSchema.parse({});

export interface MonthNames {
  /** "abril de 2026", "April 2026" */
  label: string;
  /** "abril" */
  name: string;
}

export interface LocaleContext {
  period: ReportPeriod;
  group: GroupSettings;
  branding: Branding;
  language: Language;
  t: LocaleStrings;
  format: Formatter;
  /** Locale for words (month names, lists); numbers use `format`. */
  words: string;
  month: MonthNames;
  previousMonth: MonthNames;
  /** The reported period as a sentence: "Del 1 al 30 de abril de 2026 (hora de Honduras)". */
  range: string;
  /** Who sends the report, with the range: the footer's first line. */
  footer: string;
  /** Whom to contact: the footer's second line. */
  contact: string;
}

const monthNames = (month: string, words: string, t: LocaleStrings): MonthNames => ({
  label: formatMonth(month, words, t.monthFormat),
  name: formatMonth(month, words, 'LLLL'),
});

const dayOf = memoize(
  (iso: string, timeZone: string) => `${iso}|${timeZone}`,
  (iso: string, timeZone: string) => DateTime.fromISO(iso, { zone: timeZone }).day,
);

/** The shared wording for `period` in the group's language and locale. */
export const localeContext = (period: ReportPeriod, group: GroupSettings): LocaleContext => {
  const language = group.language;
  const t = locales[language];
  const words = textLocale(group.locale, language);
  const branding = group.branding ?? DEFAULT_BRANDING;
  const month = monthNames(period.month, words, t);
  const range = fill(t.range, {
    startDay: dayOf(period.startDate, period.timeZone),
    endDay: dayOf(period.endDate, period.timeZone),
    monthName: formatMonth(period.month, words, 'LLLL'),
    year: period.month.slice(0, 4),
    place: timeZonePlace(period.timeZone, language),
  });
  return {
    period,
    group,
    branding,
    language,
    t,
    format: formatterFor(group.locale),
    words,
    month,
    previousMonth: monthNames(monthBefore(period).month, words, t),
    range,
    footer: fill(t.footer, { sentBy: branding.sentBy, range }),
    contact: branding.contact ? fill(t.contact, { contact: branding.contact }) : t.contactReply,
  };
};
