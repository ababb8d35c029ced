/**
 * RFC 2369 / RFC 8058 unsubscribe for one person's email: the List-Unsubscribe header (a mailto: to the operators
 * and the one-click HTTPS URL), List-Unsubscribe-Post, and the visible footer link. The templates carry
 * UNSUBSCRIBE_URL_PLACEHOLDER where the link goes (rendering happens before the recipients are final);
 * the real URL replaces it just before the message is composed. `.invalid` never resolves, so an email
 * rendered without delivery (dry run, preview) has a dead link, never someone else's.
 */
export const UNSUBSCRIBE_URL_PLACEHOLDER = 'https://unsubscribe.invalid/';

export const unsubscribeHeaders = (url: string, mailto: string, group: string): Record<string, string> => ({
  'List-Unsubscribe': `<mailto:${mailto}?subject=${encodeURIComponent(`unsubscribe ${group}`)}>, <${url}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

/** The footer link in both parts; the URL is base64url and ASCII, so it is safe in HTML as is. */
export const withUnsubscribeUrl = <T extends { html: string; text: string }>(email: T, url: string): T => ({
  ...email,
  html: email.html.replaceAll(UNSUBSCRIBE_URL_PLACEHOLDER, url.replaceAll('&', '&amp;')),
  text: email.text.replaceAll(UNSUBSCRIBE_URL_PLACEHOLDER, url),
});
