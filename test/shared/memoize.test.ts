import { describe, expect, it } from 'vitest';
import { memoize } from '../../functions/shared/memoize.ts';

describe('memoize', () => {
  it('computes once per key and returns the first result afterwards', () => {
    const calls: string[] = [];
    const upper = memoize(
      (text: string) => text,
      (text: string) => {
        calls.push(text);
        return { text: text.toUpperCase() };
      },
    );

    const first = upper('abril');
    const second = upper('abril');
    const other = upper('mayo');

    expect(second).toBe(first);
    expect(other.text).toBe('MAYO');
    expect(calls).toEqual(['abril', 'mayo']);
  });

  it('keys on what the key function returns, not on the arguments themselves', () => {
    let computed = 0;
    const byLocale = memoize(
      (locale: string, _note: string) => locale,
      (locale: string, note: string) => `${locale}:${note}:${(computed += 1)}`,
    );

    const first = byLocale('es-HN', 'a');
    const sameKey = byLocale('es-HN', 'b');

    expect(sameKey).toBe(first);
    expect(computed).toBe(1);
  });

  it('remembers falsy results (undefined, 0, empty string) instead of recomputing them', () => {
    let computed = 0;
    const nothing = memoize(
      (key: string) => key,
      (_key: string): undefined => {
        computed += 1;
        return undefined;
      },
    );

    nothing('x');
    nothing('x');

    expect(computed).toBe(1);
  });

  it('does not cache a call that threw, so the next call tries again', () => {
    let attempts = 0;
    const flaky = memoize(
      (key: string) => key,
      (key: string) => {
        attempts += 1;
        if (attempts === 1) throw new Error('first attempt fails');
        return key;
      },
    );

    expect(() => flaky('k')).toThrow('first attempt fails');
    expect(flaky('k')).toBe('k');
  });
});
