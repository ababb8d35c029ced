/**
 * The suppression list as one run sees it: read at most once per `maxAgeMs` per group. The mailer asks
 * before every email, and each ask is a Query over the group's whole list, so asking per email costs a
 * DynamoDB round trip and its CPU on every send and grows with the list (the load bench's 2,000 emails
 * made 2,000 Queries). An unsubscribe made while a run is going takes effect within `maxAgeMs`.
 */
import type { SuppressionList } from './suppression-list.ts';

export type SuppressedAddresses = Pick<SuppressionList, 'addresses'>;

export interface SnapshotOptions {
  maxAgeMs: number;
  now?: () => number;
}

export const suppressionSnapshot = (list: SuppressedAddresses, options: SnapshotOptions): SuppressedAddresses => {
  const now = options.now ?? Date.now;
  const snapshots = new Map<string, { readAt: number; addresses: Promise<Set<string>> }>();
  return {
    addresses(group) {
      const at = now();
      const snapshot = snapshots.get(group);
      // Concurrent deliveries share the read in flight instead of each starting one.
      if (snapshot && at - snapshot.readAt < options.maxAgeMs) return snapshot.addresses;
      const addresses = list.addresses(group);
      snapshots.set(group, { readAt: at, addresses });
      // A failed read is not kept: the email that asked fails, the next one asks DynamoDB again.
      addresses.catch(() => {
        if (snapshots.get(group)?.addresses === addresses) snapshots.delete(group);
      });
      return addresses;
    },
  };
};
