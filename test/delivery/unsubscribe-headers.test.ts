import { describe, expect, it } from 'vitest';
import { UNSUBSCRIBE_URL_PLACEHOLDER, unsubscribeHeaders, withUnsubscribeUrl } from '../../functions/delivery/unsubscribe-headers.ts';

describe('unsubscribeHeaders', () => {
  it('offers the mailto and the https URL, and one-click POST (RFC 8058)', () => {
    expect(unsubscribeHeaders('https://u.example/?t=v1.abc', 'ops@example.com', 'aquatec norte')).toEqual({
      'List-Unsubscribe': '<mailto:ops@example.com?subject=unsubscribe%20aquatec%20norte>, <https://u.example/?t=v1.abc>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});

describe('withUnsubscribeUrl', () => {
  it('puts the URL where the templates left the placeholder, in both parts', () => {
    const email = { subject: 's', html: `<a href="${UNSUBSCRIBE_URL_PLACEHOLDER}">x</a>`, text: `x: ${UNSUBSCRIBE_URL_PLACEHOLDER}` };

    const filled = withUnsubscribeUrl(email, 'https://u.example/?t=v1.abc&x=1');

    expect(filled).toEqual({
      subject: 's',
      html: '<a href="https://u.example/?t=v1.abc&amp;x=1">x</a>',
      text: 'x: https://u.example/?t=v1.abc&x=1',
    });
  });
});
