import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../../functions/shared/color-contrast.ts';

describe('contrastRatio', () => {
  it('is 21:1 for black on white and 1:1 for a colour on itself', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#2f6fde', '#2f6fde')).toBe(1);
  });

  it('does not depend on the order of the colours', () => {
    expect(contrastRatio('#ffffff', '#767676')).toBe(contrastRatio('#767676', '#ffffff'));
  });

  it('matches WCAG reference values (#767676 on white is 4.54:1, #9aa5b1 is 2.5:1)', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#9aa5b1', '#ffffff')).toBeCloseTo(2.5, 2);
  });
});
