import { describe, expect, expectTypeOf, it } from 'vitest';
import { claimVerdict } from '../../functions/ledger/claim-verdict.ts';
import { stateOf, type Attempt, type LedgerStatus } from '../../functions/ledger/ledger-state.ts';
import {
  DELIVERY_BY_CLAIM_FINDING,
  DELIVERY_PRECEDENCE,
  EMAIL_STATES,
  FIX_BY_ADVICE,
  OUTCOME_STATUSES,
  VERIFIED_PRECEDENCE,
  type Advice,
  type ClaimFinding,
  type DeliveryStatus,
  type OutcomeStatus,
  type VerifiedStatus,
} from '../../functions/ledger/email-state.ts';
import type { DeliveryResult } from '../../functions/delivery/deliver-email.ts';
import type { OperatorAdvice, OperatorStatus } from '../../functions/report/operator-report.ts';
import en from '../../templates/locales/en.json' with { type: 'json' };
import es from '../../templates/locales/es.json' with { type: 'json' };

// Each vocabulary written out once here: the compiler fails this file when a status is added or dropped.
const VERIFIED: Record<VerifiedStatus, true> = {
  missing: true,
  handing: true,
  uncertain: true,
  sent: true,
  rejected: true,
  unsubscribed: true,
};
const DELIVERY: Record<DeliveryStatus, true> = { sent: true, skipped: true, uncertain: true, failed: true };
const OUTCOME: Record<OutcomeStatus, true> = { ...DELIVERY, held: true, deferred: true };
const FINDINGS: Record<ClaimFinding, true> = {
  'already-sent': true,
  'in-progress': true,
  uncertain: true,
  rejected: true,
  contended: true,
};
const sorted = (values: Iterable<string>) => [...values].sort();

const NOW = new Date('2026-12-01T12:00:00Z');
const attempt = (status: Attempt['status'], extra: Partial<Attempt> = {}): Attempt => ({
  claimId: 'c1',
  status,
  handedAt: '2026-12-01T10:00:00Z',
  recipients: {},
  resent: {},
  resends: [],
  ...extra,
});
/** A ledger item in each stored state, as a run's claim would read it back. */
const ITEMS: Record<LedgerStatus, Record<string, unknown>> = {
  handing: { claimId: 'c1', leaseUntil: NOW.getTime() + 60_000, 'attempt#c1': attempt('handing') },
  uncertain: { claimId: 'c1', leaseUntil: NOW.getTime() - 1, 'attempt#c1': attempt('handing') },
  sent: { sentBy: 'c1', 'attempt#c1': attempt('sent', { messageId: 'm1', sentAt: '2026-12-01T10:00:01Z' }) },
  rejected: { rejectedBy: 'c1', 'attempt#c1': attempt('rejected', { reason: 'MessageRejected', answeredAt: '2026-12-01T10:00:01Z' }) },
  unsubscribed: { unsubscribedAt: '2026-12-01T10:00:00Z', suppressed: ['a@example.com'] },
  released: { 'attempt#c1': attempt('not-sent', { reason: 'archive unavailable' }) },
};

describe('email-state', () => {
  it('maps every state of a person email, and nothing else', () => {
    // Prepare / act: the tables' keys. Assert: exactly the vocabularies.
    expect(sorted(Object.keys(EMAIL_STATES))).toEqual(sorted([...Object.keys(ITEMS), 'missing']));
    expect(sorted(Object.keys(DELIVERY_BY_CLAIM_FINDING))).toEqual(sorted(Object.keys(FINDINGS)));
    expect(sorted(Object.keys(OUTCOME_STATUSES))).toEqual(sorted(Object.keys(OUTCOME)));
    for (const [state, reading] of Object.entries(EMAIL_STATES)) {
      expect(reading.means, state).not.toBe('');
      expect(Object.keys(VERIFIED), state).toContain(reading.verified);
    }
  });

  it('orders each vocabulary once, every status in its place', () => {
    expect(sorted(VERIFIED_PRECEDENCE)).toEqual(sorted(Object.keys(VERIFIED)));
    expect(sorted(DELIVERY_PRECEDENCE)).toEqual(sorted(Object.keys(DELIVERY)));
    expect(VERIFIED_PRECEDENCE[0]).toBe('missing');
    expect(DELIVERY_PRECEDENCE).toEqual(['failed', 'uncertain', 'sent', 'skipped']);
  });

  it("says what a run's claim finds on each stored state, as claimVerdict decides it", () => {
    for (const [state, item] of Object.entries(ITEMS) as [LedgerStatus, Record<string, unknown>][]) {
      const read = stateOf(item, NOW);
      expect(read.status, state).toBe(state);
      expect(claimVerdict(read)?.outcome ?? 'claim', state).toBe(EMAIL_STATES[state].claim);
    }
    expect(EMAIL_STATES.missing.claim).toBe('claim');
  });

  it('reads each claim finding as a delivery result status', () => {
    expect(DELIVERY_BY_CLAIM_FINDING).toEqual({
      'already-sent': { status: 'skipped' },
      'in-progress': { status: 'skipped', inProgress: true },
      uncertain: { status: 'uncertain' },
      rejected: { status: 'failed', permanent: true },
      contended: { status: 'failed' },
    });
    expectTypeOf<DeliveryResult['status']>().toEqualTypeOf<DeliveryStatus>();
  });

  it('gives the watchdog a gap and an advice for every state not accounted for, and neither for the rest', () => {
    const accounted = Object.entries(EMAIL_STATES).filter(([, reading]) => reading.accountedFor);
    expect(sorted(accounted.map(([state]) => state))).toEqual(['sent', 'unsubscribed']);
    for (const [state, reading] of Object.entries(EMAIL_STATES)) {
      expect(reading.advice === undefined, state).toBe(reading.accountedFor);
    }
    expect(EMAIL_STATES.released.advice).toBe('missing');
    expect(EMAIL_STATES.handing.advice).toBe('inProgress');
    expect(EMAIL_STATES.missing.advice).toBe('missing');
  });

  it('reads each run outcome as its metric and its advice', () => {
    const company = { companyId: 7 };
    expect(Object.fromEntries(Object.entries(OUTCOME_STATUSES).map(([status, reading]) => [status, reading.metric]))).toEqual({
      sent: 'CompaniesSent',
      skipped: 'CompaniesSkipped',
      failed: 'CompaniesFailed',
      held: 'CompaniesHeld',
      deferred: 'CompaniesDeferred',
      uncertain: 'CompaniesUncertain',
    });
    expect(OUTCOME_STATUSES.sent.advice(company)).toBeUndefined();
    expect(OUTCOME_STATUSES.skipped.advice(company)).toBeUndefined();
    expect(OUTCOME_STATUSES.skipped.advice({ ...company, inProgress: true })).toBe('inProgress');
    expect(OUTCOME_STATUSES.failed.advice(company)).toBe('failed');
    expect(OUTCOME_STATUSES.failed.advice({ ...company, permanent: true })).toBe('rejected');
    expect(OUTCOME_STATUSES.held.advice(company)).toBe('held');
    expect(OUTCOME_STATUSES.held.advice({ companyId: 'summary' })).toBe('summaryHeld');
    expect(OUTCOME_STATUSES.deferred.advice(company)).toBe('deferred');
    expect(OUTCOME_STATUSES.uncertain.advice(company)).toBe('uncertain');
  });

  it('gives every advice a console event and words in each language', () => {
    expectTypeOf<Advice>().toEqualTypeOf<OperatorAdvice>();
    expectTypeOf<OutcomeStatus | VerifiedStatus>().toEqualTypeOf<OperatorStatus>();
    expect(FIX_BY_ADVICE).toEqual({
      failed: 'rerun',
      rejected: 'force',
      held: 'rerun',
      summaryHeld: 'rerun',
      uncertain: 'force',
      deferred: 'month',
      missing: 'month',
      inProgress: 'rerun',
    });
    for (const locale of [en, es]) {
      const { advice, statuses } = (locale as unknown as { operatorReport: Record<'advice' | 'statuses', Record<string, string>> })
        .operatorReport;
      for (const name of Object.keys(FIX_BY_ADVICE)) expect(advice[name], name).toMatch(/\S/);
      // The report names a run's and the watchdog's statuses alike.
      for (const status of new Set([...Object.keys(OUTCOME), ...Object.keys(VERIFIED)])) expect(statuses[status], status).toMatch(/\S/);
    }
  });
});
