import { describe, expect, it } from 'vitest';
import {
  DASH,
  cleanText,
  currencyCode,
  fill,
  formatMonth,
  formatterFor,
  httpsUrl,
  plural,
  ratio,
  textLocale,
} from '../../../functions/report/format/format.ts';

describe('currencyCode', () => {
  it('accepts ISO codes in any case and trims them', () => {
    expect(currencyCode(' hnl ')).toBe('HNL');
    expect(currencyCode('USD')).toBe('USD');
  });

  it('rejects what Intl does not know, so no wrong symbol is ever shown', () => {
    expect(currencyCode('Lempiras')).toBeNull();
    expect(currencyCode('ABC')).toBeNull();
    expect(currencyCode('')).toBeNull();
    expect(currencyCode(undefined)).toBeNull();
  });
});

describe('ratio', () => {
  it('is null for a zero or non-finite denominator instead of Infinity or NaN', () => {
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(Number.NaN, 4)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });
});

describe('formatterFor', () => {
  const es = formatterFor('es-HN');

  it('is built once per locale', () => {
    expect(formatterFor('es-HN')).toBe(es);
    expect(formatterFor('en-US')).not.toBe(es);
  });

  it('formats money in the given currency with the locale conventions', () => {
    const hnl = es.money(95000, 'HNL');
    expect(hnl).toContain('95,000.00');
    expect(hnl).toMatch(/^L\s/);
    expect(formatterFor('es-ES').money(95000, 'HNL')).toContain('95.000,00');
  });

  it('shows a whole percentage as it was rounded (the shares add up to 100)', () => {
    expect(es.wholePercent(66)).toMatch(/^66\s?%$/);
    expect(es.wholePercent(null)).toBe(DASH);
  });

  it('shows an amount without a known currency as a plain number, no symbol', () => {
    expect(es.money(1234.5, null)).toBe('1,234.50');
  });

  it('shows a dash for values that cannot be computed', () => {
    for (const value of [null, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(es.money(value, 'HNL')).toBe(DASH);
      expect(es.percentValue(value)).toBe(DASH);
      expect(es.share(value)).toBe(DASH);
      expect(es.decimal(value)).toBe(DASH);
    }
  });

  it('reads IOBot rates as percentages already multiplied by 100', () => {
    expect(es.percentValue(20.74)).toMatch(/^20\.7\s?%$/);
  });

  it('signs changes and keeps a decimal only for small ones', () => {
    expect(es.signedShare(0.123)).toMatch(/^\+12\.3\s?%$/);
    expect(es.signedShare(-0.5)).toMatch(/^-50\.0\s?%$/);
    expect(es.signedShare(0.004)).toMatch(/^\+0\.4\s?%$/);
    // One precision for neighbours: +10 % next to +9.1 % would read as two kinds of number.
    expect([es.signedShare(0.1), es.signedShare(0.091)]).toEqual([expect.stringMatching(/^\+10\.0/), expect.stringMatching(/^\+9\.1/)]);
    expect(es.signedDecimal(-1.25, 1)).toBe('-1.3');
    expect(es.signedDecimal(0.01, 1)).toBe('0');
  });

  it('shows every point change with one decimal, like the rates it compares ("-13.0" beside "+10.1")', () => {
    expect([es.signedPoints(-13), es.signedPoints(1), es.signedPoints(10.1)]).toEqual(['-13.0', '+1.0', '+10.1']);
  });

  it('shows a share of a whole as a whole percentage at any size, and a tiny one as "<1 %"', () => {
    expect(es.share(0.077)).toMatch(/^8\s?%$/);
    expect(es.share(0.658)).toMatch(/^66\s?%$/);
    expect(es.share(0.004)).toMatch(/^<1\s?%$/);
    expect(es.share(0)).toMatch(/^0\s?%$/);
  });

  it('shows ROAS with two decimals, as the CSV does', () => {
    expect([es.roas(3.4702), es.roas(0.04), es.roas(3.5)]).toEqual(['3.47', '0.04', '3.50']);
  });
});

describe('textLocale', () => {
  it('keeps the regional locale when it speaks the email language', () => {
    expect(textLocale('es-HN', 'es')).toBe('es-HN');
  });

  it('falls back to the bare language for words when the locale speaks another one', () => {
    expect(textLocale('es-HN', 'en')).toBe('en');
  });
});

describe('formatMonth', () => {
  it('names the month in the reader language', () => {
    expect(formatMonth('2026-04', 'es-HN')).toBe('abril 2026');
    expect(formatMonth('2026-04', 'en')).toBe('April 2026');
    expect(formatMonth('2025-12', 'es', 'LLLL')).toBe('diciembre');
  });
});

describe('cleanText', () => {
  it('turns line breaks and other controls into single spaces', () => {
    expect(cleanText('Empresa\r\nBcc: x@example.com\u0000')).toBe('Empresa Bcc: x@example.com');
    expect(cleanText('a\u2028b\tc')).toBe('a b c');
  });

  it('drops bidi overrides that could spoof the text around a name', () => {
    expect(cleanText('abc\u202Egnp.exe')).toBe('abc gnp.exe');
  });

  it('keeps emoji, including joined sequences', () => {
    expect(cleanText('Agua 💧 👩‍💻')).toBe('Agua 💧 👩‍💻');
  });

  it('cuts at whole characters and marks the cut', () => {
    const cut = cleanText('ab👩‍💻cdef', 4);
    expect(cut).toBe('ab👩‍💻…');
    expect(cleanText('short', 10)).toBe('short');
  });
});

describe('httpsUrl', () => {
  it('accepts https URLs only', () => {
    expect(httpsUrl(' https://example.com/logo.png ')).toBe('https://example.com/logo.png');
    expect(httpsUrl('http://example.com/logo.png')).toBeNull();
    expect(httpsUrl('javascript:alert(1)')).toBeNull();
    expect(httpsUrl('data:image/png;base64,AAAA')).toBeNull();
    expect(httpsUrl('//example.com/logo.png')).toBeNull();
    expect(httpsUrl('not a url')).toBeNull();
    expect(httpsUrl(undefined)).toBeNull();
  });
});

describe('fill and plural', () => {
  it('fills every placeholder', () => {
    expect(fill('{a} y {b}', { a: 1, b: 'dos' })).toBe('1 y dos');
  });

  it('throws on a placeholder without value rather than mailing "{b}"', () => {
    expect(() => fill('{a} y {b}', { a: 1 })).toThrow(/\{b\}/);
  });

  it('chooses the plural form of the language, falling back to "other"', () => {
    const forms = { one: '{count} venta', other: '{count} ventas' };
    expect(plural(forms, 1, 'es', { count: '1' })).toBe('1 venta');
    expect(plural(forms, 2, 'es', { count: '2' })).toBe('2 ventas');
    // Spanish has a "many" category for millions; the locale files only define one/other.
    expect(plural(forms, 1_000_000, 'es', { count: '1,000,000' })).toBe('1,000,000 ventas');
  });
});
