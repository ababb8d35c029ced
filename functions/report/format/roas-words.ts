// ROAS in plain words: "L 3.47 por cada L 1" rather than "3.47×". The number is the same ratio with the
// same two decimals as the CSV's ROAS column; only its wording changes.
import { fill, type Formatter } from './format.ts';
import type { LocaleStrings } from '../generated/templates.ts';

/** One unit of the currency without decimals: "L 1", "Q 1", "1" without a known currency. */
export const oneUnit = (format: Formatter, currency: string | null): string => format.money(1, currency).replace(/[.,]0+(?=\D*$)/, '');

/** "L 3.47": the sales each unit of spend brought, as an amount. */
export const roasAmount = (format: Formatter, currency: string | null, value: number | null): string =>
  format.money(value === null ? null : Math.round(value * 100) / 100, currency);

/** "L 3.47 por cada L 1" */
export const roasWords = (format: Formatter, t: LocaleStrings, currency: string | null, value: number): string =>
  fill(t.ads.roasValue, { sales: roasAmount(format, currency, value), one: oneUnit(format, currency) });

/** "Ventas por L 1 invertido", the column header over roasAmount cells. */
export const roasHeader = (format: Formatter, t: LocaleStrings, currency: string | null): string =>
  fill(t.ads.roasColumn, { one: oneUnit(format, currency) });
