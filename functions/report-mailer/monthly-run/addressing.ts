/**
 * Who an email really goes to, and how they leave: the configured recipients minus the group's
 * suppression list (not on a redirected run: those are testers), the unsubscribe link sealed for
 * exactly those addresses, and the List-Unsubscribe headers.
 */
import type { Recipients } from '../../config/config-schema.ts';
import { envelopeRecipients } from '../../delivery/compose-message.ts';
import { dropAddresses, unsubscribeHeaders, withUnsubscribeUrl } from '../../delivery/unsubscribe-headers.ts';
import type { SuppressionList } from '../../shared/suppression-list.ts';
import { sealUnsubscribeToken } from '../../shared/unsubscribe-token.ts';
import type { RunPlan } from '../run-plan.ts';

export interface AddressingDeps {
  suppressions: Pick<SuppressionList, 'addresses'>;
  unsubscribe: {
    /** The Function URL (ends with "/"). */
    baseUrl: string;
    /** The operators' address for the mailto: alternative. */
    mailto: string;
    /** The token key (the stack's secret). */
    key: string;
  };
}

export type Addressed<T> =
  | { kind: 'all-suppressed'; suppressed: string[] }
  | { kind: 'send'; recipients: Recipients; suppressed: string[]; email: T; headers: Record<string, string> };

export const addressEmail = async <T extends { html: string; text: string }>(
  plan: RunPlan,
  recipients: Recipients,
  email: T,
  deps: AddressingDeps,
): Promise<Addressed<T>> => {
  const group = plan.group.name;
  const suppressedAll = plan.redirectTo ? new Set<string>() : await deps.suppressions.addresses(group);
  const suppressed = envelopeRecipients(recipients).filter((address) => suppressedAll.has(address.toLowerCase()));
  const kept = dropAddresses(recipients, suppressedAll);
  const addresses = envelopeRecipients(kept);
  if (addresses.length === 0) return { kind: 'all-suppressed', suppressed };
  const token = sealUnsubscribeToken(deps.unsubscribe.key, { group, addresses, language: plan.group.language });
  const url = `${deps.unsubscribe.baseUrl}?t=${token}`;
  return {
    kind: 'send',
    recipients: kept,
    suppressed,
    email: withUnsubscribeUrl(email, url),
    headers: unsubscribeHeaders(url, deps.unsubscribe.mailto, group),
  };
};
