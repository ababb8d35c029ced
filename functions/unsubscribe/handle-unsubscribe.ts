/**
 * What the unsubscribe URL does (RFC 8058 and mail scanners in mind). Each email goes to one person,
 * and its token names that person and the group:
 * - GET shows a confirmation page and changes nothing (scanners and previews follow links);
 * - POST with `List-Unsubscribe=One-Click`, as application/x-www-form-urlencoded or as
 *   multipart/form-data (both are what RFC 8058 allows a mail client to send), unsubscribes that
 *   person from that group; the page's button posts the same field, so it does the same;
 * - any other POST (an empty body, another field) changes nothing and answers 400 with the page;
 * - a token not sealed by a listed key is refused, whatever the method.
 */
import type { SuppressionList } from '../shared/suppression-list.ts';
import { openUnsubscribeToken, type UnsubscribeKeys } from '../shared/unsubscribe-token.ts';
import { confirmationPage, donePage, invalidPage } from './unsubscribe-page.ts';

export interface UnsubscribeRequest {
  method: string;
  token: string | undefined;
  /** The request's Content-Type header, if any. */
  contentType?: string | undefined;
  /** The raw body of a POST. */
  body: Uint8Array | string;
}

export interface UnsubscribeDeps {
  keys: UnsubscribeKeys;
  suppressions: Pick<SuppressionList, 'add'>;
  now?: () => Date;
}

export interface UnsubscribeResponse {
  statusCode: number;
  html: string;
}

/** The POST's form fields, in either content type RFC 8058 allows (the platform's own parser); none for anything else. */
const formOf = async (request: UnsubscribeRequest): Promise<FormData | undefined> => {
  const contentType = request.contentType ?? 'application/x-www-form-urlencoded';
  try {
    return await new Response(typeof request.body === 'string' ? request.body : Buffer.from(request.body), {
      headers: { 'content-type': contentType },
    }).formData();
  } catch {
    return undefined;
  }
};

export const handleUnsubscribe = async (request: UnsubscribeRequest, deps: UnsubscribeDeps): Promise<UnsubscribeResponse> => {
  if (request.method !== 'GET' && request.method !== 'POST') return { statusCode: 405, html: invalidPage() };
  const claim = request.token ? openUnsubscribeToken(deps.keys, request.token) : undefined;
  if (!claim) return { statusCode: 400, html: invalidPage() };
  const { group, address, language } = claim;
  if (request.method === 'GET') return { statusCode: 200, html: confirmationPage(language, group, address) };

  const form = await formOf(request);
  if (form?.get('List-Unsubscribe') !== 'One-Click') return { statusCode: 400, html: confirmationPage(language, group, address) };
  const at = (deps.now?.() ?? new Date()).toISOString();
  await deps.suppressions.add({ group, address, at, via: form.get('source') === 'page' ? 'form' : 'one-click' });
  return { statusCode: 200, html: donePage(language, group, address) };
};
