import { describe, expect, it } from 'vitest';
import { OTHER_RECIPIENTS_SHOWN, otherRecipientsLine } from '../../functions/report/other-recipients.ts';

const spanish = { language: 'es' as const, locale: 'es-HN' };
const english = { language: 'en' as const, locale: 'en-US' };
const addresses = (count: number) => Array.from({ length: count }, (_, index) => `persona.${index + 1}@example.com`);

describe('otherRecipientsLine', () => {
  it('names the others in the email’s language, as a list of its words', () => {
    // act
    const es = otherRecipientsLine(spanish, ['ana@example.com', 'luis@example.com', 'eva@example.com']);
    const en = otherRecipientsLine(english, ['ana@example.com', 'luis@example.com', 'eva@example.com']);

    // assert
    expect(es).toBe('También reciben este reporte: ana@example.com, luis@example.com y eva@example.com');
    expect(en).toBe('Also receiving this report: ana@example.com, luis@example.com, and eva@example.com');
  });

  it('names one other person alone', () => {
    expect(otherRecipientsLine(spanish, ['ana@example.com'])).toBe('También reciben este reporte: ana@example.com');
  });

  it('is absent when nobody else receives the email', () => {
    expect(otherRecipientsLine(spanish, [])).toBeUndefined();
  });

  it(`names at most the first ${OTHER_RECIPIENTS_SHOWN}, then how many more`, () => {
    // act
    const es = otherRecipientsLine(spanish, addresses(40));
    const en = otherRecipientsLine(english, addresses(7));
    const exactly = otherRecipientsLine(spanish, addresses(OTHER_RECIPIENTS_SHOWN));

    // assert
    expect(OTHER_RECIPIENTS_SHOWN).toBe(5);
    expect(es).toBe(
      'También reciben este reporte: persona.1@example.com, persona.2@example.com, persona.3@example.com, ' +
        'persona.4@example.com, persona.5@example.com y 35 más',
    );
    expect(en).toBe(
      'Also receiving this report: persona.1@example.com, persona.2@example.com, persona.3@example.com, ' +
        'persona.4@example.com, persona.5@example.com, and 2 more',
    );
    expect(exactly).not.toContain('más');
    expect(exactly).toContain('persona.5@example.com');
  });
});
