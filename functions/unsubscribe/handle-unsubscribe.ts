/**
 * What the unsubscribe URL does (RFC 8058 and mail scanners in mind):
 * - GET shows a confirmation page and changes nothing (scanners and previews follow links);
 * - POST with `List-Unsubscribe=One-Click` (the mail client's button) unsubscribes the email's
 *   recipients, all of them when the email had several: the client cannot say which one clicked;
 * - POST from the page's form unsubscribes the one address typed there, only if the email went to it,
 *   with the same answer either way (no way to probe which addresses receive reports);
 * - a token not sealed by our key is refused, whatever the method.
 */
import type { SuppressionList } from '../shared/suppression-list.ts';
import { openUnsubscribeToken } from '../shared/unsubscribe-token.ts';
import { confirmationPage, donePage, invalidPage } from './unsubscribe-page.ts';

export interface UnsubscribeRequest {
  method: string;
  token: string | undefined;
  /** The decoded body of a POST (application/x-www-form-urlencoded). */
  body: string;
}

export interface UnsubscribeDeps {
  key: string;
  suppressions: Pick<SuppressionList, 'add'>;
  now?: () => Date;
}

export interface UnsubscribeResponse {
  statusCode: number;
  html: string;
}

export const handleUnsubscribe = async (request: UnsubscribeRequest, deps: UnsubscribeDeps): Promise<UnsubscribeResponse> => {
  if (request.method !== 'GET' && request.method !== 'POST') return { statusCode: 405, html: invalidPage() };
  const claim = request.token ? openUnsubscribeToken(deps.key, request.token) : undefined;
  if (!claim || claim.addresses.length === 0) return { statusCode: 400, html: invalidPage() };
  const { group, addresses, language } = claim;
  const single = addresses.length === 1 ? addresses[0] : undefined;
  if (request.method === 'GET') return { statusCode: 200, html: confirmationPage(language, group, single) };

  const form = new URLSearchParams(request.body);
  const at = (deps.now?.() ?? new Date()).toISOString();
  const typed = form.get('address')?.trim().toLowerCase();
  if (form.get('List-Unsubscribe') === 'One-Click' || (typed === undefined && single)) {
    const via = form.get('List-Unsubscribe') === 'One-Click' ? 'one-click' : 'form';
    for (const address of addresses) await deps.suppressions.add({ group, address, at, via });
    return { statusCode: 200, html: donePage(language, group, single ? { address: single } : {}) };
  }
  if (typed && addresses.includes(typed)) await deps.suppressions.add({ group, address: typed, at, via: 'form' });
  return { statusCode: 200, html: donePage(language, group, { typed: typed ?? '' }) };
};
