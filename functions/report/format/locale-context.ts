// What every email of a group shares before any company is looked at: the language, its strings, the
// number formatting, the branding, and the month, date-range and footer wording. The company context
// and the group summary both start from it, so the two emails of a run never word the same month
// differently.
import { DateTime } from 'luxon';
import { fill, formatMonth, formatterFor, textLocale, type Formatter } from './format.ts';
import { locales, type Language, type LocaleStrings } from '../generated/templates.ts';
import { timeZonePlace } from './time-zone-place.ts';
import { brandingSchema, type Branding, type ReportGroup } from '../../config/config-schema.ts';
import { memoize } from '../../shared/memoize.ts';
import { monthBefore, type ReportPeriod } from '../../shared/report-period.ts';

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

const dayOf = (iso: string, timeZone: string): number => DateTime.fromISO(iso, { zone: timeZone }).day;

type Wording = Pick<LocaleContext, 'month' | 'previousMonth' | 'range' | 'footer' | 'contact'>;

// Every company of a run shares this wording (and luxon's zone math is costly): built once per key.
const wording = memoize(
  (period: ReportPeriod, language: Language, words: string, sentBy: string, contact: string | undefined) =>
    `${period.month}|${period.timeZone}|${language}|${words}|${sentBy}|${contact ?? ''}`,
  (period: ReportPeriod, language: Language, words: string, sentBy: string, contact: string | undefined): Wording => {
    const t = locales[language];
    const range = fill(t.range, {
      startDay: dayOf(period.startDate, period.timeZone),
      endDay: dayOf(period.endDate, period.timeZone),
      monthName: formatMonth(period.month, words, 'LLLL'),
      year: period.month.slice(0, 4),
      place: timeZonePlace(period.timeZone, language),
    });
    return {
      month: monthNames(period.month, words, t),
      previousMonth: monthNames(monthBefore(period).month, words, t),
      range,
      footer: fill(t.footer, { sentBy, range }),
      contact: contact ? fill(t.contact, { contact }) : t.contactReply,
    };
  },
);

/** The shared wording for `period` in the group's language and locale. */
export const localeContext = (period: ReportPeriod, group: GroupSettings): LocaleContext => {
  const language = group.language;
  const words = textLocale(group.locale, language);
  const branding = group.branding ?? DEFAULT_BRANDING;
  return {
    period,
    group,
    branding,
    language,
    t: locales[language],
    format: formatterFor(group.locale),
    words,
    ...wording(period, language, words, branding.sentBy, branding.contact),
  };
};
