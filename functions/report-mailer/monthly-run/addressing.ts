/**
 * Who an email goes to, one person at a time: every configured address (to, cc, bcc) is a person of
 * their own (on a redirected run, every tester), and each person's copy carries an unsubscribe link
 * sealed for exactly that person and List-Unsubscribe headers with it, and a footer line naming who else
 * receives it (To and Cc only). The company's email is rendered once; only the link and that line differ
 * per person, put in by string insertion, never by rendering again.
 */
import Handlebars from 'handlebars/runtime';
import type { Recipients } from '../../config/config-schema.ts';
import { UNSUBSCRIBE_URL_PLACEHOLDER, unsubscribeHeaders, withUnsubscribeUrl } from '../../delivery/unsubscribe-headers.ts';
import { otherRecipientsLine } from '../../report/other-recipients.ts';
import type { SuppressionList } from '../../shared/suppression-list.ts';
import { sealUnsubscribeToken, type UnsubscribeKeys } from '../../shared/unsubscribe-token.ts';
import { peopleOf, type RunPlan } from '../run-plan.ts';

export { peopleOf, type Person } from '../run-plan.ts';

export interface AddressingDeps {
  suppressions: Pick<SuppressionList, 'addresses'>;
  unsubscribe: {
    /** The Function URL (ends with "/"). */
    baseUrl: string;
    /** The operators' address for the mailto: alternative. */
    mailto: string;
    /** The token keys (the stack's secret): new tokens are sealed with the first. */
    keys: UnsubscribeKeys;
  };
}

/**
 * Who else receives the email `person` reads, as their footer names them: the To and Cc people in config
 * order, never a Bcc (hidden from everyone, as Bcc means), never the reader, nor anyone who unsubscribed
 * (they receive nothing). A tester of a redirected run reads what the first To person would: the redirect
 * is there to see the customer's email (X-IOBot-Redirected-From names the same To and Cc people).
 */
export const alsoReceiving = (
  plan: Pick<RunPlan, 'redirectTo'>,
  configured: Recipients,
  person: string,
  unsubscribed: ReadonlySet<string> = new Set(),
): string[] => {
  const reader = (plan.redirectTo ? (configured.to[0] ?? '') : person).trim().toLowerCase();
  return peopleOf({}, configured)
    .filter(({ address, field }) => {
      const folded = address.toLowerCase();
      return field !== 'bcc' && folded !== reader && !unsubscribed.has(folded);
    })
    .map(({ address }) => address);
};

/**
 * `email` with the footer line naming `others` (absent when there is nobody), as in a person's copy. The
 * line goes right before the footer's unsubscribe link, in both parts: the link is already the one
 * per-person spot every customer template has (a test pins it), so a render without a person (dry run,
 * preview) has no line and no placeholder to clean up. The HTML escapes the addresses as Handlebars would.
 */
export const withOtherRecipients = <T extends { html: string; text: string }>(
  email: T,
  group: Pick<RunPlan['group'], 'language' | 'locale'>,
  others: readonly string[],
): T => {
  const line = otherRecipientsLine(group, others);
  if (line === undefined) return email;
  const link = `<a href="${UNSUBSCRIBE_URL_PLACEHOLDER}"`;
  const at = email.html.indexOf(link);
  const textAt = email.text.indexOf(UNSUBSCRIBE_URL_PLACEHOLDER);
  const lineStart = textAt < 0 ? -1 : email.text.lastIndexOf('\n', textAt) + 1;
  return {
    ...email,
    html: at < 0 ? email.html : `${email.html.slice(0, at)}<div>${Handlebars.escapeExpression(line)}</div>${email.html.slice(at)}`,
    text: lineStart < 0 ? email.text : `${email.text.slice(0, lineStart)}${line}\n${email.text.slice(lineStart)}`,
  };
};

/**
 * This person's copy: their sealed link in the footer and in List-Unsubscribe, and the footer line naming
 * `others` (from alsoReceiving), absent when there is nobody.
 */
export const addressPerson = <T extends { html: string; text: string }>(
  plan: RunPlan,
  person: string,
  email: T,
  unsubscribe: AddressingDeps['unsubscribe'],
  others: readonly string[],
): { email: T; headers: Record<string, string> } => {
  const group = plan.group.name;
  const token = sealUnsubscribeToken(unsubscribe.keys, { group, address: person, language: plan.group.language });
  const url = `${unsubscribe.baseUrl}?t=${token}`;
  const listed = withOtherRecipients(email, plan.group, others);
  return { email: withUnsubscribeUrl(listed, url), headers: unsubscribeHeaders(url, unsubscribe.mailto, group) };
};
