import { describe, expect, it } from 'vitest';
import { TONE_COLORS, compare, describeDelta } from '../../../functions/report/figures/deltas.ts';
import { formatterFor } from '../../../functions/report/format/format.ts';
import { locales } from '../../../functions/report/generated/templates.ts';

const format = formatterFor('es-HN');
const strings = locales.es.delta;

describe('compare (relative: counts and amounts)', () => {
  it('calls 0 -> 0 "same", not a division by zero', () => {
    expect(compare(0, 0, 'relative')).toEqual({ status: 'same' });
  });

  it('calls 0 -> N "new", since no percentage describes it', () => {
    expect(compare(5, 0, 'relative')).toEqual({ status: 'new' });
  });

  it('measures rises and falls against last month', () => {
    const up = compare(12, 10, 'relative');
    expect(up.status).toBe('up');
    expect(up.status === 'up' && up.change).toBeCloseTo(0.2);
    const down = compare(5, 10, 'relative');
    expect(down.status).toBe('down');
    expect(down.status === 'down' && down.change).toBeCloseTo(-0.5);
    expect(compare(0, 10, 'relative')).toEqual({ status: 'down', change: -1 });
  });

  it('treats changes below what the reader can see as "same"', () => {
    expect(compare(1000.4, 1000, 'relative')).toEqual({ status: 'same' });
    expect(compare(1001, 1000, 'relative').status).toBe('up');
  });
});

describe('compare (points: rates and temperatures)', () => {
  it('subtracts instead of dividing', () => {
    const delta = compare(9, 7, 'points');
    expect(delta).toEqual({ status: 'up', change: 2 });
  });

  it('ignores sub-0.05 wiggles', () => {
    expect(compare(7.04, 7.0, 'points')).toEqual({ status: 'same' });
  });

  it('distinguishes a rate that could not be computed from a 0 % rate', () => {
    expect(compare(5, null, 'points')).toEqual({ status: 'new' });
    expect(compare(null, 5, 'points')).toEqual({ status: 'unknown' });
    expect(compare(0, 5, 'points')).toEqual({ status: 'down', change: -5 });
  });
});

describe('describeDelta', () => {
  it('pairs colour with an arrow and a signed number, never colour alone', () => {
    const up = describeDelta(compare(12, 10, 'relative'), 'relative', format, strings);
    expect(up).toMatchObject({ tone: 'up', glyph: '▲', color: TONE_COLORS.up });
    expect(up?.text).toMatch(/^\+20\.0\s?%$/);
    expect(up?.label).toBe(`▲ ${up?.text}`);
    const down = describeDelta(compare(5, 10, 'relative'), 'relative', format, strings);
    expect(down).toMatchObject({ tone: 'down', glyph: '▼' });
    expect(down?.text).toMatch(/^-50\.0\s?%$/);
    expect(down?.color).not.toBe(up?.color);
  });

  it('writes rate changes in percentage points and temperatures in points', () => {
    expect(describeDelta(compare(9, 7.5, 'points'), 'points', format, strings)?.text).toBe('+1.5 puntos');
    // One decimal always, so whole changes sit beside fractional ones as the same kind of number.
    expect(describeDelta(compare(20, 33, 'points'), 'points', format, strings)?.text).toBe('-13.0 puntos');
    expect(describeDelta(compare(8, 7, 'points'), 'points', format, strings)?.text).toBe('+1.0 puntos');
    expect(describeDelta(compare(6.8, 7.2, 'points'), 'points', format, strings, 'temperature')?.text).toBe('-0.4 puntos');
  });

  it('words "same" and "new" from the locale, without an arrow', () => {
    expect(describeDelta({ status: 'same' }, 'relative', format, strings)).toMatchObject({
      text: strings.same,
      glyph: '',
      label: strings.same,
    });
    expect(describeDelta({ status: 'new' }, 'relative', format, locales.en.delta)).toMatchObject({ text: 'new', tone: 'new' });
  });

  it('shows nothing when the current value itself is unknown', () => {
    expect(describeDelta({ status: 'unknown' }, 'points', format, strings)).toBeNull();
  });
});
