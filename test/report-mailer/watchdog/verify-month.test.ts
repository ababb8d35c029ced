import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../../dev/stand-ins/dynamodb-local.ts';
import { runtimeConfigSchema } from '../../../functions/config/config-schema.ts';
import { createDynamoLedger, personHash, type SendLedger } from '../../../functions/ledger/send-ledger.ts';
import { deadlineFor, isCheckDue, verifyMonth } from '../../../functions/report-mailer/watchdog/verify-month.ts';

const group = (schedule: { dayOfMonth: number; hour: number; minute?: number }, timeZone = 'America/Tegucigalpa') =>
  runtimeConfigSchema.parse({
    sender: { address: 'r@example.com', name: 'R' },
    apiBaseUrl: 'https://api.example.com',
    groups: [{ name: 'g', businessId: 1, timeZone, schedule, companies: [{ id: 1, to: ['a@example.com'] }] }],
  }).groups[0]!;

describe('deadlineFor', () => {
  it("is this month's scheduled time plus the hours, about the month before", () => {
    const { deadline, period } = deadlineFor(group({ dayOfMonth: 1, hour: 7 }), new Date('2026-05-01T19:00:00Z'), 6);

    expect(deadline.toUTC().toISO()).toBe('2026-05-01T19:00:00.000Z');
    expect(period.month).toBe('2026-04');
  });

  it('follows the group time zone across a DST change and past midnight', () => {
    // New York moves to summer time on 2026-03-08 at 02:00: six real hours after 22:00 EST is 05:00 EDT.
    const { deadline } = deadlineFor(group({ dayOfMonth: 7, hour: 22 }, 'America/New_York'), new Date('2026-03-15T00:00:00Z'), 6);

    expect(deadline.toISO()).toBe('2026-03-08T05:00:00.000-04:00');
  });
});

describe('isCheckDue', () => {
  const { deadline } = deadlineFor(group({ dayOfMonth: 1, hour: 7 }), new Date('2026-05-01T19:00:00Z'), 6);

  it.each([
    ['2026-05-01T18:56:00Z', true],
    ['2026-05-01T19:00:00Z', true],
    ['2026-05-02T18:59:00Z', true],
    ['2026-05-02T19:00:00Z', false],
    ['2026-05-01T18:00:00Z', false],
  ])('at %s: %s', (at, due) => {
    expect(isCheckDue(deadline, new Date(at))).toBe(due);
  });
});

describe('verifyMonth', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startLocalDynamo();
  });
  afterAll(() => dynamo.close());

  it('calls an expired claim that never reached SES missing (the next run sends it), a live one in progress', async () => {
    const clock = { now: new Date('2026-05-01T13:00:00Z') };
    const ledger = createDynamoLedger(dynamo.documents, { tableName: dynamo.tableName, leaseMs: 60_000, now: () => clock.now });
    const g = group({ dayOfMonth: 1, hour: 7 });
    await ledger.claim({ group: 'g', month: '2026-04', target: 1, recipientsHash: personHash('a@example.com') }, { force: false });
    const { deadline, period } = deadlineFor(g, clock.now, 6);

    const live = await verifyMonth(g, { period, deadline, due: true, now: clock.now }, ledger);
    clock.now = new Date('2026-05-01T19:00:00Z');
    const expired = await verifyMonth(g, { period, deadline, due: true, now: clock.now }, ledger);

    expect(live.emails[0]).toMatchObject({ companyId: 1, status: 'claimed' });
    expect(expired.emails[0]).toMatchObject({
      companyId: 1,
      status: 'missing',
      reason: expect.stringMatching(/^a@example\.com: claimed by a run that stopped before handing it to SES/),
    });
    expect(expired.gaps).toBe(1);
  });

  /** The group with company 1 sent to `to` and `cc`, as a config would name them. */
  const withPeople = (to: string[], cc: string[]) => {
    const g = group({ dayOfMonth: 1, hour: 7 });
    return { ...g, companies: [{ ...g.companies[0]!, to, cc }] };
  };
  const sendTo = async (ledger: SendLedger, month: string, address: string) => {
    const key = { group: 'g', month, target: 1, recipientsHash: personHash(address) };
    const claim = await ledger.claim(key, { force: false });
    if (claim.outcome !== 'claimed') throw new Error('expected a claim');
    await ledger.handOver(key, claim.claimId);
    await ledger.markSent(key, claim.claimId, { messageId: `m-${address}`, subject: 'Reporte' });
  };

  it('reads each configured person: one added since the month went out is a gap, naming them (the next run sends only them)', async () => {
    const now = new Date('2026-05-01T19:00:00Z');
    const ledger = createDynamoLedger(dynamo.documents, { tableName: dynamo.tableName, now: () => now });
    await sendTo(ledger, '2026-03', 'a@example.com');
    const g = withPeople(['a@example.com'], ['nuevo@example.com']);
    const { deadline, period } = deadlineFor(g, new Date('2026-04-01T19:00:00Z'), 6);

    const check = await verifyMonth(g, { period, deadline, due: true, now }, ledger);

    expect(check.emails[0]).toMatchObject({
      companyId: 1,
      status: 'missing',
      reason: expect.stringMatching(/^nuevo@example\.com: no record in the send ledger/),
      people: [
        { address: 'a@example.com', status: 'sent' },
        { address: 'nuevo@example.com', status: 'missing' },
      ],
    });
    expect(check.gaps).toBe(1);
  });

  it('counts a person who unsubscribed as accounted for: the company is sent when the others were', async () => {
    const now = new Date('2026-05-01T19:00:00Z');
    const ledger = createDynamoLedger(dynamo.documents, { tableName: dynamo.tableName, now: () => now });
    await sendTo(ledger, '2026-02', 'a@example.com');
    await ledger.recordUnsubscribed(
      { group: 'g', month: '2026-02', target: 1, recipientsHash: personHash('b@example.com') },
      { addresses: ['b@example.com'] },
    );
    const g = withPeople(['a@example.com'], ['b@example.com']);
    const { deadline, period } = deadlineFor(g, new Date('2026-03-01T19:00:00Z'), 6);

    const check = await verifyMonth(g, { period, deadline, due: true, now }, ledger);

    expect(check.emails[0]).toMatchObject({ companyId: 1, status: 'sent' });
    expect(check.emails[0]?.reason).toBeUndefined();
    expect(check.gaps).toBe(0);
  });

  it('counts a month that went out as sent when a later forced run died before SES, saying so', async () => {
    // prepare: sent as m-1, then a forced run claims it and dies; its lease runs out
    const clock = { now: new Date('2026-02-01T13:00:00Z') };
    const ledger = createDynamoLedger(dynamo.documents, { tableName: dynamo.tableName, leaseMs: 60_000, now: () => clock.now });
    const g = group({ dayOfMonth: 1, hour: 7 });
    const key = { group: 'g', month: '2026-01', target: 1, recipientsHash: personHash('a@example.com') };
    const first = await ledger.claim(key, { force: false });
    if (first.outcome !== 'claimed') throw new Error('expected a claim');
    await ledger.handOver(key, first.claimId);
    await ledger.markSent(key, first.claimId, { messageId: 'm-1', subject: 'Reporte' });
    expect((await ledger.claim(key, { force: true })).outcome).toBe('claimed');
    clock.now = new Date('2026-02-01T19:00:00Z');
    const { deadline, period } = deadlineFor(g, clock.now, 6);

    // act
    const check = await verifyMonth(g, { period, deadline, due: true, now: clock.now }, ledger);

    // assert
    expect(check.emails[0]).toMatchObject({
      companyId: 1,
      status: 'sent',
      reason: 'a@example.com: sent on 2026-02-01T13:00:00.000Z (message m-1); a later forced attempt was given up before SES',
    });
    expect(check.gaps).toBe(0);
  });
});
