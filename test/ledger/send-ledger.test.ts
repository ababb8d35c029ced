import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../dev/stand-ins/dynamodb-local.ts';
import { createDynamoLedger, recipientsHash, type LedgerKey } from '../../functions/ledger/send-ledger.ts';

let dynamo: LocalDynamo;
let documents: DynamoDBDocumentClient;
let clock = new Date('2026-05-01T13:00:00Z');
let keys = 0;
// Each test gets its own company id so the tests stay independent on one table.
const newKey = (): LedgerKey => ({ group: 'aquatec', month: '2026-04', target: (keys += 1), recipientsHash: 'abc' });
const sendThrough = async (key: LedgerKey, claimId: string, messageId: string) => {
  await ledger().handOver(key, claimId);
  await ledger().markSent(key, claimId, { messageId, subject: 'Reporte' });
};
const claimed = async (key: LedgerKey, force = false): Promise<string> => {
  const claim = await ledger().claim(key, { force });
  if (claim.outcome !== 'claimed') throw new Error(`expected a claim, got ${claim.outcome}`);
  return claim.claimId;
};
const ledger = () => createDynamoLedger(documents, { tableName: dynamo.tableName, leaseMs: 60_000, now: () => clock });

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  documents = dynamo.documents;
});
afterAll(() => dynamo.close());

describe('recipientsHash', () => {
  it('ignores order, case and duplicates but not the field', () => {
    const a = recipientsHash({ to: ['A@example.com', 'b@example.com'], cc: [], bcc: [] });

    expect(recipientsHash({ to: ['b@example.com', 'a@example.com', 'a@example.com'], cc: [], bcc: [] })).toBe(a);
    expect(recipientsHash({ to: ['a@example.com'], cc: ['b@example.com'], bcc: [] })).not.toBe(a);
  });
});

describe('DynamoDB send ledger', () => {
  it('lets the first claim through and records the sent message with a TTL', async () => {
    const key = newKey();

    const claim = await ledger().claim(key, { force: false });
    if (claim.outcome !== 'claimed') throw new Error('expected a claim');
    await ledger().handOver(key, claim.claimId);
    await ledger().markSent(key, claim.claimId, { messageId: 'm-1', subject: 'Reporte' });

    const { Item } = await documents.send(
      new GetCommand({ TableName: dynamo.tableName, Key: { pk: `aquatec#2026-04#${key.target}`, sk: `person#${key.recipientsHash}` } }),
    );
    expect(Item).toMatchObject({ status: 'sent', messageId: 'm-1', subject: 'Reporte', recipientsHash: 'abc' });
    expect(Item?.expiresAt).toBeGreaterThan(clock.getTime() / 1000 + 300 * 86_400);
  });

  it('refuses a second send of the same month and recipients, with the original message id', async () => {
    const key = newKey();
    const first = await ledger().claim(key, { force: false });
    if (first.outcome !== 'claimed') throw new Error('expected a claim');
    await sendThrough(key, first.claimId, 'm-2');

    const second = await ledger().claim(key, { force: false });

    expect(second).toMatchObject({ outcome: 'already-sent', messageId: 'm-2' });
  });

  it('lets only one of two concurrent claims through', async () => {
    const key = newKey();

    const results = await Promise.all([ledger().claim(key, { force: false }), ledger().claim(key, { force: false })]);

    expect(results.map((result) => result.outcome).sort()).toEqual(['claimed', 'in-progress']);
  });

  it('takes over a claim whose lease expired (the holder crashed)', async () => {
    const key = newKey();
    await ledger().claim(key, { force: false });
    clock = new Date(clock.getTime() + 61_000);

    const retry = await ledger().claim(key, { force: false });

    expect(retry.outcome).toBe('claimed');
  });

  it('frees the email for the next run after a failed send', async () => {
    const key = newKey();
    const claim = await ledger().claim(key, { force: false });
    if (claim.outcome !== 'claimed') throw new Error('expected a claim');

    await ledger().release(key, claim.claimId);

    expect((await ledger().claim(key, { force: false })).outcome).toBe('claimed');
  });

  it('re-sends on force, but never while another claim is live', async () => {
    const key = newKey();
    const claim = await ledger().claim(key, { force: false });
    if (claim.outcome !== 'claimed') throw new Error('expected a claim');

    const whileLive = await ledger().claim(key, { force: true });
    await sendThrough(key, claim.claimId, 'm-3');
    const afterSent = await ledger().claim(key, { force: true });

    expect(whileLive.outcome).toBe('in-progress');
    expect(afterSent.outcome).toBe('claimed');
  });

  it('keeps the record of the earlier delivery when a forced re-send fails', async () => {
    const key = newKey();
    const first = await ledger().claim(key, { force: false });
    if (first.outcome !== 'claimed') throw new Error('expected a claim');
    await sendThrough(key, first.claimId, 'm-4');
    const forcing = ledger();
    const forced = await forcing.claim(key, { force: true });
    if (forced.outcome !== 'claimed') throw new Error('expected a forced claim');

    await forcing.release(key, forced.claimId);

    expect(await ledger().claim(key, { force: false })).toMatchObject({ outcome: 'already-sent', messageId: 'm-4' });
  });

  it('does not let a stale holder overwrite a newer claim', async () => {
    const key = newKey();
    const stale = await ledger().claim(key, { force: false });
    if (stale.outcome !== 'claimed') throw new Error('expected a claim');
    clock = new Date(clock.getTime() + 61_000);
    await ledger().claim(key, { force: false });

    await expect(ledger().handOver(key, stale.claimId)).rejects.toThrow(/conditional/i);
    await expect(ledger().markSent(key, stale.claimId, { messageId: 'late', subject: 'x' })).rejects.toThrow(/conditional/i);
  });

  it('never hands an uncertain email to a second run: a hand-over past its lease reads as uncertain', async () => {
    const key = newKey();
    await ledger().handOver(key, await claimed(key));
    const handedAt = clock.toISOString();
    clock = new Date(clock.getTime() + 61_000);

    const retry = await ledger().claim(key, { force: false });

    expect(retry).toEqual({ outcome: 'uncertain', handedAt });
    expect(await ledger().read(key)).toMatchObject({ status: 'uncertain', handedAt });
  });

  it('reports a live hand-over as in progress, not uncertain', async () => {
    const key = newKey();
    await ledger().handOver(key, await claimed(key));

    expect((await ledger().claim(key, { force: false })).outcome).toBe('in-progress');
  });

  it('settles an uncertain email only on force', async () => {
    const key = newKey();
    await ledger().handOver(key, await claimed(key));
    clock = new Date(clock.getTime() + 61_000);

    const forced = await ledger().claim(key, { force: true });

    expect(forced.outcome).toBe('claimed');
  });

  it('records a permanent rejection: no retry claims it again, force does', async () => {
    const key = newKey();
    const claimId = await claimed(key);
    await ledger().handOver(key, claimId);
    await ledger().markRejected(key, claimId, { reason: 'SES MessageRejected: Email address is not verified.' });
    clock = new Date(clock.getTime() + 61_000);

    const retry = await ledger().claim(key, { force: false });
    const forced = await ledger().claim(key, { force: true });

    expect(retry).toEqual({
      outcome: 'rejected',
      reason: 'SES MessageRejected: Email address is not verified.',
      rejectedAt: expect.any(String),
    });
    expect(forced.outcome).toBe('claimed');
  });

  it('keeps the earlier delivery when a forced re-send is rejected', async () => {
    const key = newKey();
    await sendThrough(key, await claimed(key), 'm-5');
    const forcing = ledger();
    const forced = await forcing.claim(key, { force: true });
    if (forced.outcome !== 'claimed') throw new Error('expected a forced claim');
    await forcing.handOver(key, forced.claimId);

    await forcing.markRejected(key, forced.claimId, { reason: 'SES MessageRejected: x' });

    expect(await ledger().claim(key, { force: false })).toMatchObject({ outcome: 'already-sent', messageId: 'm-5' });
  });

  it('takes over a claim written before the hand-over existed ("sending") once its lease ran out', async () => {
    const key = newKey();
    await documents.send(
      new PutCommand({
        TableName: dynamo.tableName,
        Item: {
          pk: `aquatec#2026-04#${key.target}`,
          sk: `person#${key.recipientsHash}`,
          recipientsHash: 'abc',
          status: 'sending',
          claimId: 'old',
          leaseUntil: clock.getTime() - 1,
        },
      }),
    );

    expect((await ledger().claim(key, { force: false })).outcome).toBe('claimed');
  });

  it('keeps one item per person: another person of the same email claims their own, the sent one stays sent', async () => {
    // Before: one item per email, so a changed recipient list found the month "sent to an earlier list".
    const key = newKey();
    await sendThrough(key, await claimed(key), 'm-6');
    const other = { ...key, recipientsHash: 'def' };

    const added = await ledger().claim(other, { force: false });
    const again = await ledger().claim(key, { force: false });

    expect(added.outcome).toBe('claimed');
    expect(again).toMatchObject({ outcome: 'already-sent', messageId: 'm-6' });
  });

  it("leaves a person SES refused rejected; a corrected address is another person's item", async () => {
    const key = newKey();
    const claimId = await claimed(key);
    await ledger().handOver(key, claimId);
    await ledger().markRejected(key, claimId, { reason: 'SES MessageRejected: x' });

    const same = await ledger().claim(key, { force: false });
    const corrected = await ledger().claim({ ...key, recipientsHash: 'def' }, { force: false });

    expect(same).toMatchObject({ outcome: 'rejected', reason: 'SES MessageRejected: x' });
    expect(corrected.outcome).toBe('claimed');
  });

  it('keeps a redirected copy apart from the real email: neither blocks the other', async () => {
    const key = newKey();
    await sendThrough(
      { ...key, recipientsHash: 'qa', redirected: true },
      await claimed({ ...key, recipientsHash: 'qa', redirected: true }),
      'm-qa',
    );

    const real = await ledger().claim(key, { force: false });

    expect(real.outcome).toBe('claimed');
    expect(await ledger().read({ ...key, recipientsHash: 'qa', redirected: true })).toMatchObject({ status: 'sent', messageId: 'm-qa' });
  });

  it('records a month whose every recipient unsubscribed, which a later run with someone to send to claims', async () => {
    const key = newKey();

    const recorded = await ledger().recordUnsubscribed(key, { addresses: ['ana@example.com'] });
    const state = await ledger().read(key);
    const later = await ledger().claim(key, { force: false });

    expect(recorded).toBe(true);
    expect(state).toMatchObject({
      status: 'unsubscribed',
      unsubscribedAt: clock.toISOString(),
      suppressed: ['ana@example.com'],
      recipientsHash: 'abc',
    });
    expect(later.outcome).toBe('claimed');
  });

  it('never records "unsubscribed" over a month that went out or is being sent', async () => {
    const sent = newKey();
    await sendThrough(sent, await claimed(sent), 'm-7');
    const live = newKey();
    await claimed(live);

    const overSent = await ledger().recordUnsubscribed(sent, { addresses: ['ana@example.com'] });
    const overLive = await ledger().recordUnsubscribed(live, { addresses: ['ana@example.com'] });

    expect([overSent, overLive]).toEqual([false, false]);
    expect(await ledger().read(sent)).toMatchObject({ status: 'sent', messageId: 'm-7' });
    expect((await ledger().read(live))?.status).toBe('claimed');
  });

  /** What the delivery-events consumer writes when SES reports a bounce (see record-delivery-event.ts). */
  const bounce = (key: LedgerKey, address: string) =>
    documents.send(
      new UpdateCommand({
        TableName: dynamo.tableName,
        Key: { pk: `aquatec#2026-04#${key.target}`, sk: `person#${key.recipientsHash}` },
        UpdateExpression: 'SET #r = :d ADD revision :one',
        ExpressionAttributeNames: { '#r': `rcpt#${address}` },
        ExpressionAttributeValues: { ':d': { status: 'bounced', at: '2026-05-01T13:00:09.000Z', rank: 3 }, ':one': 1 },
      }),
    );

  it('keeps the earlier attempt in previous when a forced send replaces it: statuses, re-sends, archive folder, message id', async () => {
    const key = newKey();
    const first = await claimed(key);
    await ledger().handOver(key, first);
    await ledger().markSent(key, first, { messageId: 'm-8', subject: 'Reporte', archiveKey: 'aquatec/2026-04/x/' });
    await ledger().recordResend(key, {
      at: clock.toISOString(),
      messageId: 'm-8b',
      archiveKey: 'aquatec/2026-04/x/',
      destinations: ['ana@example.com'],
    });
    await bounce(key, 'ana@example.com');

    await claimed(key, true);

    expect((await ledger().read(key))?.previous).toEqual([
      {
        status: 'sent',
        replacedAt: clock.toISOString(),
        recipientsHash: 'abc',
        claimId: first,
        handedAt: clock.toISOString(),
        messageId: 'm-8',
        sentAt: clock.toISOString(),
        subject: 'Reporte',
        archiveKey: 'aquatec/2026-04/x/',
        resends: [{ at: clock.toISOString(), messageId: 'm-8b', archiveKey: 'aquatec/2026-04/x/', destinations: ['ana@example.com'] }],
        recipients: { 'ana@example.com': { status: 'bounced', at: '2026-05-01T13:00:09.000Z', rank: 3 } },
      },
    ]);
  });

  it('keeps the last 5 attempts, newest first', async () => {
    const key = newKey();
    for (let attempt = 1; attempt <= 8; attempt += 1) await sendThrough(key, await claimed(key, attempt > 1), `m-${attempt}`);

    const previous = (await ledger().read(key))?.previous ?? [];

    expect(previous.map((entry) => entry.messageId)).toEqual(['m-7', 'm-6', 'm-5', 'm-4', 'm-3']);
  });

  it('never loses an event recorded between its read and its write: the forced claim reads again', async () => {
    const key = newKey();
    await sendThrough(key, await claimed(key), 'm-9');
    let raced = false;
    const racing = {
      send: async (command: unknown) => {
        // The consumer records a bounce just before the forced claim's conditional put lands.
        if (command instanceof PutCommand && !raced) {
          raced = true;
          await bounce(key, 'late@example.com');
        }
        return documents.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;

    const forced = await createDynamoLedger(racing, { tableName: dynamo.tableName, now: () => clock }).claim(key, { force: true });

    expect(forced.outcome).toBe('claimed');
    expect((await ledger().read(key))?.previous[0]?.recipients).toEqual({
      'late@example.com': { status: 'bounced', at: '2026-05-01T13:00:09.000Z', rank: 3 },
    });
  });

  it('puts the earlier delivery back when a forced re-send is rejected, with the rejection on top of its history', async () => {
    const key = newKey();
    await sendThrough(key, await claimed(key), 'm-10');
    const forcing = ledger();
    const forced = await forcing.claim(key, { force: true });
    if (forced.outcome !== 'claimed') throw new Error('expected a forced claim');
    await forcing.handOver(key, forced.claimId);

    await forcing.markRejected(key, forced.claimId, { reason: 'SES MessageRejected: x' });

    const state = await ledger().read(key);
    expect(state).toMatchObject({ status: 'sent', messageId: 'm-10' });
    expect(state?.previous).toEqual([
      expect.objectContaining({ status: 'rejected', claimId: forced.claimId, reason: 'SES MessageRejected: x' }),
    ]);
  });

  it('puts back the earlier delivery with an SES event that reached it while a forced send was failing', async () => {
    const key = newKey();
    await sendThrough(key, await claimed(key), 'm-11');
    const forcing = ledger();
    const forced = await forcing.claim(key, { force: true });
    if (forced.outcome !== 'claimed') throw new Error('expected a forced claim');
    // What the delivery-events consumer does with a late event of the replaced message.
    await documents.send(
      new UpdateCommand({
        TableName: dynamo.tableName,
        Key: { pk: `aquatec#2026-04#${key.target}`, sk: `person#${key.recipientsHash}` },
        UpdateExpression: 'SET #p[0].#r.#a = :d ADD revision :one',
        ExpressionAttributeNames: { '#p': 'previous', '#r': 'recipients', '#a': 'ana@example.com' },
        ExpressionAttributeValues: { ':d': { status: 'delivered', at: '2026-05-01T13:00:09.000Z', rank: 2 }, ':one': 1 },
      }),
    );

    await forcing.release(key, forced.claimId);

    expect(await ledger().read(key)).toMatchObject({
      status: 'sent',
      messageId: 'm-11',
      recipients: { 'ana@example.com': { status: 'delivered' } },
    });
  });

  it('reads nothing for an email it has no record of', async () => {
    expect(await ledger().read(newKey())).toBeUndefined();
  });
});
