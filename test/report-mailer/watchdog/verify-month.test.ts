import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../../dev/stand-ins/dynamodb-local.ts';
import { runtimeConfigSchema } from '../../../functions/config/config-schema.ts';
import { ledgerItemKey } from '../../../functions/ledger/ledger-state.ts';
import { createDynamoLedger } from '../../../functions/ledger/dynamo-ledger.ts';
import { personHash, type LedgerKey, type SendLedger } from '../../../functions/ledger/send-ledger.ts';
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

  const handOver = { subject: 'Reporte', archiveKey: 'g/2026-04/1/t-a.eml', messageSha256: 'f'.repeat(64) };
  const personKey = (month: string, address: string) => ({ group: 'g', month, target: 1, recipientsHash: personHash(address) });
  const claimed = async (ledger: SendLedger, key: LedgerKey, force = false): Promise<string> => {
    const claim = await ledger.claim(key, { force, handOver });
    if (claim.outcome !== 'claimed') throw new Error(`expected a claim, got ${claim.outcome}`);
    return claim.claimId;
  };

  it('calls a live hand-over handing (in progress), one past its lease uncertain: a gap, never "missing"', async () => {
    const clock = { now: new Date('2026-05-01T13:00:00Z') };
    const ledger = createDynamoLedger(dynamo.documents, { tableName: dynamo.tableName, leaseMs: 60_000, now: () => clock.now });
    const g = group({ dayOfMonth: 1, hour: 7 });
    await claimed(ledger, personKey('2026-04', 'a@example.com'));
    const { deadline, period } = deadlineFor(g, clock.now, 6);

    const live = await verifyMonth(g, { period, deadline, due: true, now: clock.now }, ledger);
    clock.now = new Date('2026-05-01T19:00:00Z');
    const expired = await verifyMonth(g, { period, deadline, due: true, now: clock.now }, ledger);

    expect(live.emails[0]).toMatchObject({ companyId: 1, status: 'handing' });
    expect(expired.emails[0]).toMatchObject({
      companyId: 1,
      status: 'uncertain',
      reason: 'a@example.com: handed to SES on 2026-05-01T13:00:00.000Z without a recorded answer',
    });
    expect([live.gaps, expired.gaps]).toEqual([1, 1]);
  });

  it('calls a claim given back without sending missing, with the reason (the next run sends it)', async () => {
    const now = new Date('2026-04-01T19:00:00Z');
    const ledger = createDynamoLedger(dynamo.documents, { tableName: dynamo.tableName, now: () => now });
    const key = personKey('2026-02', 'a@example.com');
    await ledger.release(key, await claimed(ledger, key), { reason: 'archive unavailable, not sent: NoSuchBucket' });
    const g = group({ dayOfMonth: 1, hour: 7 });
    const { deadline, period } = deadlineFor(g, new Date('2026-03-01T19:00:00Z'), 6);

    const check = await verifyMonth(g, { period, deadline, due: true, now }, ledger);

    expect(check.emails[0]).toMatchObject({
      companyId: 1,
      status: 'missing',
      reason:
        'a@example.com: claimed by a run that gave it back without sending it (archive unavailable, not sent: NoSuchBucket); the next run sends it',
    });
    expect(check.gaps).toBe(1);
  });

  /** The group with company 1 sent to `to` and `cc`, as a config would name them. */
  const withPeople = (to: string[], cc: string[]) => {
    const g = group({ dayOfMonth: 1, hour: 7 });
    return { ...g, companies: [{ ...g.companies[0]!, to, cc }] };
  };
  const sendTo = async (ledger: SendLedger, month: string, address: string) => {
    const key = personKey(month, address);
    const claimId = await claimed(ledger, key);
    await ledger.markSent(key, claimId, { messageId: `m-${address}` });
    return claimId;
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
    await sendTo(ledger, '2026-01', 'a@example.com');
    await ledger.recordUnsubscribed(personKey('2026-01', 'b@example.com'), { addresses: ['b@example.com'] });
    const g = withPeople(['a@example.com'], ['b@example.com']);
    const { deadline, period } = deadlineFor(g, new Date('2026-02-01T19:00:00Z'), 6);

    const check = await verifyMonth(g, { period, deadline, due: true, now }, ledger);

    expect(check.emails[0]).toMatchObject({ companyId: 1, status: 'sent' });
    expect(check.emails[0]?.reason).toBeUndefined();
    expect(check.gaps).toBe(0);
  });

  it('counts a month that went out as sent when a later forced attempt was given back before SES, saying so', async () => {
    // prepare: sent as m-1, then a forced run claims it and gives it back (its archive was down)
    const clock = { now: new Date('2026-02-01T13:00:00Z') };
    const ledger = createDynamoLedger(dynamo.documents, { tableName: dynamo.tableName, leaseMs: 60_000, now: () => clock.now });
    const g = group({ dayOfMonth: 1, hour: 7 });
    const key = personKey('2025-12', 'a@example.com');
    await ledger.markSent(key, await claimed(ledger, key), { messageId: 'm-1' });
    clock.now = new Date('2026-02-01T14:00:00Z');
    await ledger.release(key, await claimed(ledger, key, true), { reason: 'archive unavailable, not sent: NoSuchBucket' });
    clock.now = new Date('2026-02-01T19:00:00Z');
    const { deadline, period } = deadlineFor(g, new Date('2026-01-01T19:00:00Z'), 6);

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

  it('counts a month that went out as sent when a later forced copy never got its answer, saying so', async () => {
    // prepare: sent as m-1, then a forced run claims it and dies before recording SES's answer
    const clock = { now: new Date('2026-02-01T13:00:00Z') };
    const ledger = createDynamoLedger(dynamo.documents, { tableName: dynamo.tableName, leaseMs: 60_000, now: () => clock.now });
    const g = group({ dayOfMonth: 1, hour: 7 });
    const key = personKey('2025-08', 'a@example.com');
    await ledger.markSent(key, await claimed(ledger, key), { messageId: 'm-1' });
    clock.now = new Date('2026-02-01T14:00:00Z');
    await claimed(ledger, key, true);
    clock.now = new Date('2026-02-01T19:00:00Z');
    const { deadline, period } = deadlineFor(g, new Date('2025-09-01T19:00:00Z'), 6);

    // act
    const check = await verifyMonth(g, { period, deadline, due: true, now: clock.now }, ledger);

    // assert: the month went out; the forced copy is named, not counted as a gap
    expect(check.emails[0]).toMatchObject({
      companyId: 1,
      status: 'sent',
      reason:
        'a@example.com: sent on 2026-02-01T13:00:00.000Z (message m-1); a later forced copy was handed to SES without a recorded answer',
    });
    expect(check.gaps).toBe(0);
  });

  it('counts a month that went out as sent when SES refused a later forced copy, naming the refusal', async () => {
    const clock = { now: new Date('2026-03-01T13:00:00Z') };
    const ledger = createDynamoLedger(dynamo.documents, { tableName: dynamo.tableName, now: () => clock.now });
    const g = group({ dayOfMonth: 1, hour: 7 });
    const key = personKey('2025-11', 'a@example.com');
    await ledger.markSent(key, await claimed(ledger, key), { messageId: 'm-1' });
    clock.now = new Date('2026-03-01T14:00:00Z');
    await ledger.markRejected(key, await claimed(ledger, key, true), { reason: 'SES MessageRejected: Address blacklisted.' });
    const { deadline, period } = deadlineFor(g, new Date('2025-12-01T19:00:00Z'), 6);

    const check = await verifyMonth(g, { period, deadline, due: true, now: clock.now }, ledger);

    expect(check.emails[0]).toMatchObject({
      status: 'sent',
      reason:
        'a@example.com: sent on 2026-03-01T13:00:00.000Z (message m-1); SES refused a later forced copy (SES MessageRejected: Address blacklisted.)',
    });
    expect(check.gaps).toBe(0);
  });

  it('keeps an unanswered hand-over uncertain when a forced attempt that took it over was given back, saying both', async () => {
    // prepare: handed over, never answered; past its lease a forced run takes the lock over and gives it back
    const clock = { now: new Date('2026-04-01T13:00:00Z') };
    const ledger = createDynamoLedger(dynamo.documents, { tableName: dynamo.tableName, leaseMs: 60_000, now: () => clock.now });
    const g = group({ dayOfMonth: 1, hour: 7 });
    const key = personKey('2025-09', 'a@example.com');
    await claimed(ledger, key);
    clock.now = new Date('2026-04-01T14:00:00Z');
    await ledger.release(key, await claimed(ledger, key, true), { reason: 'archive unavailable, not sent: NoSuchBucket' });
    const { deadline, period } = deadlineFor(g, new Date('2025-10-01T19:00:00Z'), 6);

    // act
    const check = await verifyMonth(g, { period, deadline, due: true, now: clock.now }, ledger);

    // assert
    expect(check.emails[0]).toMatchObject({
      status: 'uncertain',
      reason:
        'a@example.com: handed to SES without a recorded answer on 2026-04-01T13:00:00.000Z; a later forced attempt was given up before SES',
    });
    expect(check.gaps).toBe(1);
  });

  it("lists the bounces SES reported on the attempt that went out, and a refused person's reason", async () => {
    const now = new Date('2026-05-01T19:00:00Z');
    const ledger = createDynamoLedger(dynamo.documents, { tableName: dynamo.tableName, now: () => now });
    const bounced = personKey('2025-10', 'a@example.com');
    const claimId = await sendTo(ledger, '2025-10', 'a@example.com');
    await dynamo.documents.send(
      new UpdateCommand({
        TableName: dynamo.tableName,
        Key: ledgerItemKey(bounced),
        UpdateExpression: 'SET #attempt.recipients.#address = :delivery',
        ExpressionAttributeNames: { '#attempt': `attempt#${claimId}`, '#address': 'a@example.com' },
        ExpressionAttributeValues: {
          ':delivery': { status: 'bounced', at: '2025-11-01T13:00:03.000Z', detail: 'Permanent/General: 550 user unknown', rank: 3 },
        },
      }),
    );
    const refused = personKey('2025-10', 'b@example.com');
    await ledger.markRejected(refused, await claimed(ledger, refused), { reason: 'SES MessageRejected: Email address is not verified.' });
    const g = withPeople(['a@example.com'], ['b@example.com']);
    const { deadline, period } = deadlineFor(g, new Date('2025-11-01T19:00:00Z'), 6);

    const check = await verifyMonth(g, { period, deadline, due: true, now }, ledger);

    expect(check.emails[0]).toMatchObject({
      status: 'rejected',
      reason: 'b@example.com: SES MessageRejected: Email address is not verified.',
      undelivered: [{ address: 'a@example.com', status: 'bounced', detail: 'Permanent/General: 550 user unknown' }],
    });
    expect(check.gaps).toBe(1);
  });
});
