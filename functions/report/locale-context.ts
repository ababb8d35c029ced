// What every email of a group shares before any company is looked at: the language, its strings, the
// number formatting, and the month and date-range wording. The company context and the group summary
// both start from it, so the two emails of a run can never word the same month differently.
import { fill, formatDate, formatMonth, formatterFor, textLocale, type Formatter } from './format.ts';
import { locales, type Language, type LocaleStrings } from './generated/templates.ts';
import type { ReportGroup } from '../config/config-schema.ts';
import { monthBefore, type ReportPeriod } from '../shared/report-period.ts';

export type GroupSettings = Pick<ReportGroup, 'locale' | 'language' | 'exchangeRates' | 'timeZone'>;

export interface MonthNames {
  /** "abril 2026" */
  label: string;
  /** "abril" */
  name: string;
}

export interface LocaleContext {
  period: ReportPeriod;
  group: GroupSettings;
  language: Language;
  t: LocaleStrings;
  format: Formatter;
  /** Locale for words (month names, lists); numbers use `format`. */
  words: string;
  month: MonthNames;
  previousMonth: MonthNames;
  /** The reported period as a sentence: "Del 1 abr 2026 al 30 abr 2026 (hora de Honduras)". */
  range: string;
}

const monthNames = (month: string, words: string): MonthNames => ({
  label: formatMonth(month, words),
  name: formatMonth(month, words, 'LLLL'),
});

/** The shared wording for `period` in the group's language and locale. */
export const localeContext = (period: ReportPeriod, group: GroupSettings): LocaleContext => {
  const language = group.language;
  const t = locales[language];
  const words = textLocale(group.locale, language);
  return {
    period,
    group,
    language,
    t,
    format: formatterFor(group.locale),
    words,
    month: monthNames(period.month, words),
    previousMonth: monthNames(monthBefore(period).month, words),
    range: fill(t.range, {
      start: formatDate(period.startDate, period.timeZone, words),
      end: formatDate(period.endDate, period.timeZone, words),
      timeZone: period.timeZone,
    }),
  };
};
