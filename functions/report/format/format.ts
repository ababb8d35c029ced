// Numbers, dates and untrusted text as a reader sees them: Intl formatting, placeholders, plurals,
// and the cleaning every API string goes through before it reaches a subject, an HTML cell or a CSV.
import { DateTime } from 'luxon';
import { memoize } from '../../shared/memoize.ts';

/** What a reader sees wherever a value cannot be computed (division by zero, missing data). */
export const DASH = '—';

// Intl formatters are costly to build and a large company formats thousands of cells. `kind` names
// the options (they are fixed per call site), which keeps the hot lookup a short string.
const numberFormat = memoize(
  (locale: string, kind: string, _options: Intl.NumberFormatOptions) => `${locale}|${kind}`,
  (locale: string, _kind: string, options: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options),
);

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

// Currencies whose readers write the local symbol, which Intl shows as the ISO code outside their own
// country's locale (es-HN prints "GTQ 1.00"; Guatemalans write "Q 1.00"). The code stays for USD, where
// "$" would be ambiguous.
const NARROW_SYMBOL = new Set(['GTQ']);

/**
 * An ISO 4217 code Intl knows, or null. IOBot's `currency` flag is free text: a typo must degrade to
 * a plain number, never to a wrong symbol or a thrown RangeError.
 */
export const currencyCode = (value: string | null | undefined): string | null => {
  const code = value?.trim().toUpperCase();
  return code && knownCurrencies.has(code) ? code : null;
};

/** part / whole, or null when the division is meaningless (0 or non-finite). */
export const ratio = (part: number, whole: number): number | null =>
  whole !== 0 && Number.isFinite(part) && Number.isFinite(whole) ? part / whole : null;

export interface Formatter {
  readonly locale: string;
  integer(value: number): string;
  decimal(value: number | null, maximumFractionDigits?: number): string;
  /** Without a known currency, the amount is shown as a plain number (no misleading symbol). */
  money(value: number | null, currency: string | null): string;
  /** IOBot rates are already percentages with two decimals (7.04 means 7.04 %). */
  percentValue(value: number | null): string;
  /**
   * A 0..1 part of a whole as a whole percentage ("66 %"), the way the split table shows shares, so a
   * share quoted in a headline reads the same there; a part too small to round to 1 % is "<1 %", never "0 %".
   */
  share(value: number | null): string;
  /** A whole percentage (already rounded to add up, see shares.ts): 66 -> "66 %". */
  wholePercent(value: number | null): string;
  /** A relative change as a signed percentage with one decimal: 0.123 -> "+12.3 %". */
  signedShare(value: number): string;
  signedDecimal(value: number, maximumFractionDigits?: number): string;
  /** A change of a rate in points, always with one decimal like the rates themselves: "-13.0", "+1.0", "+10.1". */
  signedPoints(value: number): string;
  /** Return on ad spend with two decimals, in the email and the CSV alike: 3.4702 -> "3.47". */
  roas(value: number | null): string;
}

const buildFormatter = (locale: string): Formatter => {
  const orDash = (value: number | null, render: (value: number) => string): string =>
    value === null || !Number.isFinite(value) ? DASH : render(value);
  const formatter: Formatter = {
    locale,
    integer: (value) => orDash(value, (v) => numberFormat(locale, 'integer', { maximumFractionDigits: 0 }).format(v)),
    decimal: (value, maximumFractionDigits = 1) =>
      orDash(value, (v) => numberFormat(locale, `decimal${maximumFractionDigits}`, { maximumFractionDigits }).format(v)),
    money: (value, currency) =>
      orDash(value, (v) =>
        currency
          ? numberFormat(locale, `money${currency}`, {
              style: 'currency',
              currency,
              ...(NARROW_SYMBOL.has(currency) ? { currencyDisplay: 'narrowSymbol' as const } : {}),
            }).format(v)
          : numberFormat(locale, 'amount', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v),
      ),
    percentValue: (value) =>
      orDash(value, (v) =>
        numberFormat(locale, 'percent', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v / 100),
      ),
    share: (value) =>
      orDash(value, (v) => {
        const whole = numberFormat(locale, 'share', { style: 'percent', maximumFractionDigits: 0 });
        return v > 0 && v < 0.005 ? `<${whole.format(0.01)}` : whole.format(v);
      }),
    wholePercent: (value) =>
      orDash(value, (v) => numberFormat(locale, 'wholePercent', { style: 'percent', maximumFractionDigits: 0 }).format(v / 100)),
    // One precision for every change, so "+10.0 %" and "+9.1 %" sit side by side without a jump.
    signedShare: (value) =>
      orDash(value, (v) =>
        numberFormat(locale, 'signedShare', {
          style: 'percent',
          signDisplay: 'exceptZero',
          minimumFractionDigits: 1,
          maximumFractionDigits: 1,
        }).format(v),
      ),
    signedDecimal: (value, maximumFractionDigits = 1) =>
      orDash(value, (v) =>
        numberFormat(locale, `signedDecimal${maximumFractionDigits}`, { signDisplay: 'exceptZero', maximumFractionDigits }).format(v),
      ),
    signedPoints: (value) =>
      orDash(value, (v) =>
        numberFormat(locale, 'signedPoints', { signDisplay: 'exceptZero', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v),
      ),
    roas: (value) => orDash(value, (v) => numberFormat(locale, 'roas', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v)),
  };
  return formatter;
};

/** The group locale's number formatting, built once per locale. */
export const formatterFor = memoize((locale: string) => locale, buildFormatter);

/**
 * Words (month names) follow the email's language while numbers follow the group's locale: an
 * English email for an es-HN group reads "April 2026" with "L 95,000.00".
 */
export const textLocale = memoize(
  (locale: string, language: string) => `${locale}|${language}`,
  (locale: string, language: string): string => {
    try {
      return new Intl.Locale(locale).language === language ? locale : language;
    } catch {
      return language;
    }
  },
);

// Month and date labels repeat across every email of a run, and luxon's zone math is the costliest
// step of a render: remember them (a run sees a handful of distinct months, so the caches stay small).
const monthLabel = memoize(
  (month: string, locale: string, pattern: string) => `${month}|${locale}|${pattern}`,
  (month: string, locale: string, pattern: string) => DateTime.fromFormat(month, 'yyyy-MM', { locale }).toFormat(pattern),
);

/** "2026-04" -> "abril 2026" (pattern is a luxon format, e.g. "LLLL yyyy", "LLL yyyy", "LLLL"). */
export const formatMonth = (month: string, locale: string, pattern = 'LLLL yyyy'): string => monthLabel(month, locale, pattern);

// C0/C1 controls (CR, LF, NUL...), line/paragraph separators and bidi overrides: they break headers
// or let a name visually spoof the text around it. Joiners (U+200D) stay: emoji sequences need them.
const UNSAFE_CHARACTERS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]+/gu;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Untrusted text made safe to place anywhere (subject, HTML, CSV): no control characters, single
 * spaces, and at most `maxLength` user-perceived characters (an emoji is never cut in half).
 */
export const cleanText = (value: string, maxLength = Infinity): string => {
  const text = value.replace(UNSAFE_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
  if (text.length <= maxLength) return text;
  const parts = [...graphemes.segment(text)];
  return parts.length <= maxLength
    ? text
    : `${parts
        .slice(0, maxLength - 1)
        .map((part) => part.segment)
        .join('')
        .trimEnd()}…`;
};

/** The URL if it is a well-formed https URL; anything else (http, data:, javascript:, junk) is null. */
export const httpsUrl = (value: string | null | undefined): string | null => {
  const text = value?.trim();
  if (!text || !URL.canParse(text)) return null;
  const url = new URL(text);
  return url.protocol === 'https:' && url.hostname !== '' ? url.href : null;
};

/** "{name}" placeholders filled from `values`; a missing one is a bug in a locale file, so it throws. */
export const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`missing value for {${key}} in "${template}"`);
    return String(value);
  });

export type PluralForms = { one: string; other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;

const pluralRules = memoize(
  (language: string) => language,
  (language: string) => new Intl.PluralRules(language),
);

/** The plural form for `count` in `language` ("1 venta", "38 ventas"), filled with `values`. */
export const plural = (forms: PluralForms, count: number, language: string, values: Record<string, string | number>): string =>
  fill(forms[pluralRules(language).select(count)] ?? forms.other, values);

const listFormat = memoize(
  (locale: string) => locale,
  (locale: string) => new Intl.ListFormat(locale, { type: 'conjunction' }),
);

/** "a, b y c" in the locale's words. */
export const joinList = (items: string[], locale: string): string => listFormat(locale).format(items);
