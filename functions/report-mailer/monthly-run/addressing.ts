/**
 * Who an email goes to, one person at a time: every configured address (to, cc, bcc) is a person of
 * their own (on a redirected run, every tester), and each person's copy carries an unsubscribe link
 * sealed for exactly that person and List-Unsubscribe headers with it. The company's email is rendered
 * once; only the link differs per person.
 */
import { unsubscribeHeaders, withUnsubscribeUrl } from '../../delivery/unsubscribe-headers.ts';
import type { SuppressionList } from '../../shared/suppression-list.ts';
import { sealUnsubscribeToken, type UnsubscribeKeys } from '../../shared/unsubscribe-token.ts';
import type { RunPlan } from '../run-plan.ts';

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

/** This person's copy: their sealed link in the footer and in List-Unsubscribe. */
export const addressPerson = <T extends { html: string; text: string }>(
  plan: RunPlan,
  person: string,
  email: T,
  unsubscribe: AddressingDeps['unsubscribe'],
): { email: T; headers: Record<string, string> } => {
  const group = plan.group.name;
  const token = sealUnsubscribeToken(unsubscribe.keys, { group, address: person, language: plan.group.language });
  const url = `${unsubscribe.baseUrl}?t=${token}`;
  return { email: withUnsubscribeUrl(email, url), headers: unsubscribeHeaders(url, unsubscribe.mailto, group) };
};
