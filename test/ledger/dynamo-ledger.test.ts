import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDynamo, type LocalDynamo } from '../../dev/stand-ins/dynamodb-local.ts';
import { createDynamoLedger, recordSent } from '../../functions/ledger/dynamo-ledger.ts';
import { personHash, type LedgerKey } from '../../functions/ledger/send-ledger.ts';

let dynamo: LocalDynamo;
let documents: DynamoDBDocumentClient;
let clock = new Date('2026-05-01T13:00:00Z');
let keys = 0;
// Each test gets its own company id so the tests stay independent on one table.
const newKey = (): LedgerKey => ({ group: 'aquatec', month: '2026-04', target: (keys += 1), recipientsHash: 'abc' });
const handOver = { subject: 'Reporte', archiveKey: 'aquatec/2026-04/1/t-abc.eml', messageSha256: 'f00' };
const ledger = (docs: DynamoDBDocumentClient = documents) =>
  createDynamoLedger(docs, { tableName: dynamo.tableName, leaseMs: 60_000, now: () => clock });
const claim = (key: LedgerKey, force = false, docs = documents) => ledger(docs).claim(key, { force, handOver });
const claimed = async (key: LedgerKey, force = false): Promise<string> => {
  const result = await claim(key, force);
  if (result.outcome !== 'claimed') throw new Error(`expected a claim, got ${JSON.stringify(result)}`);
  return result.claimId;
};
const sent = async (key: LedgerKey, messageId: string, force = false) => {
  const claimId = await claimed(key, force);
  await ledger().markSent(key, claimId, { messageId });
  return claimId;
};
const later = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
const rawItem = async (key: LedgerKey) =>
  (await documents.send(new GetCommand({ TableName: dynamo.tableName, Key: { pk: `aquatec#2026-04#${key.target}`, sk: `person#abc` } })))
    .Item ?? {};

/**
 * A document client whose first UpdateItem commits but whose answer is lost: the SDK's retry sends
 * the same write again, as it does after a timeout or a reset connection.
 */
const answerLostOnce = () => {
  let lost = false;
  const lossy = {
    send: async (command: unknown) => {
      if (!lost && command instanceof UpdateCommand) {
        lost = true;
        await documents.send(command);
      }
      return documents.send(command as never);
    },
  } as unknown as DynamoDBDocumentClient;
  return { lossy, lost: () => lost };
};

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  documents = dynamo.documents;
});
afterAll(() => dynamo.close());

describe('personHash', () => {
  it('ignores case and surrounding spaces, and tells people apart', () => {
    expect(personHash(' Ana@Example.com ')).toBe(personHash('ana@example.com'));
    expect(personHash('ana@example.com')).not.toBe(personHash('luis@example.com'));
  });
});

describe('DynamoDB send ledger: one person, one month', () => {
  it('claims with the attempt it hands over, then records SES’s answer on it, with a TTL', async () => {
    const key = newKey();

    const claimId = await sent(key, 'm-1');

    const item = await rawItem(key);
    expect(item).toMatchObject({ sentBy: claimId, [`attempt#${claimId}`]: { status: 'sent', messageId: 'm-1', ...handOver } });
    expect(item.claimId).toBeUndefined();
    expect(item.expiresAt).toBeGreaterThan(clock.getTime() / 1000 + 300 * 86_400);
    expect(await ledger().read(key)).toMatchObject({
      status: 'sent',
      attempt: { claimId, messageId: 'm-1', archiveKey: handOver.archiveKey },
    });
  });

  it('refuses a second send of the month, with the original message id', async () => {
    const key = newKey();
    await sent(key, 'm-2');

    expect(await claim(key)).toMatchObject({ outcome: 'already-sent', messageId: 'm-2' });
  });

  it('lets only one of two concurrent claims through', async () => {
    const key = newKey();

    const results = await Promise.all([claim(key), claim(key), claim(key, true)]);

    expect(results.map((result) => result.outcome).sort()).toEqual(['claimed', 'in-progress', 'in-progress']);
  });

  it('never hands an unanswered hand-over to a second run: past its lease it is uncertain, without force', async () => {
    const key = newKey();
    await claimed(key);
    later(61_000);

    const again = await claim(key);

    expect(again).toMatchObject({ outcome: 'uncertain' });
    expect((await ledger().read(key))?.status).toBe('uncertain');
  });

  it('reads a live hand-over as in progress, forced or not', async () => {
    const key = newKey();
    await claimed(key);

    expect(await claim(key)).toMatchObject({ outcome: 'in-progress' });
    expect(await claim(key, true)).toMatchObject({ outcome: 'in-progress' });
    expect((await ledger().read(key))?.status).toBe('handing');
  });

  it('frees the email for the next run when a claim is given back (it certainly did not reach SES)', async () => {
    const key = newKey();
    const claimId = await claimed(key);

    await ledger().release(key, claimId, { reason: 'archive unavailable' });

    expect(await ledger().read(key)).toMatchObject({ status: 'released', attempt: { status: 'not-sent', reason: 'archive unavailable' } });
    expect((await claim(key)).outcome).toBe('claimed');
  });

  it('records a permanent refusal: no unforced claim tries again, force does', async () => {
    const key = newKey();
    const claimId = await claimed(key);
    await ledger().markRejected(key, claimId, { reason: 'MessageRejected' });

    const retry = await claim(key);
    const forced = await claim(key, true);

    expect(retry).toMatchObject({ outcome: 'rejected', reason: 'MessageRejected' });
    expect(forced.outcome).toBe('claimed');
  });

  it('keeps a sent month sent when a forced re-send is refused or given back, and keeps every attempt', async () => {
    const key = newKey();
    const first = await sent(key, 'm-3');
    later(1);
    const refused = await claimed(key, true);
    await ledger().markRejected(key, refused, { reason: 'MessageRejected' });
    later(1);
    const givenBack = await claimed(key, true);
    await ledger().release(key, givenBack, { reason: 'archive unavailable' });

    const state = await ledger().read(key);

    expect(await claim(key)).toMatchObject({ outcome: 'already-sent', messageId: 'm-3' });
    expect(state).toMatchObject({ status: 'sent', attempt: { claimId: first } });
    expect(state?.attempts.map((attempt) => [attempt.claimId, attempt.status, attempt.forced ?? false])).toEqual([
      [givenBack, 'not-sent', true],
      [refused, 'rejected', true],
      [first, 'sent', false],
    ]);
  });

  it('a forced re-send that goes out becomes the month’s record; the earlier one stays', async () => {
    const key = newKey();
    const first = await sent(key, 'm-4');
    later(1);
    const second = await sent(key, 'm-5', true);

    const state = await ledger().read(key);

    expect(state).toMatchObject({ status: 'sent', attempt: { claimId: second, messageId: 'm-5' } });
    expect(state?.attempts.map((attempt) => attempt.claimId)).toEqual([second, first]);
  });

  it('keeps an unanswered hand-over maybe sent when a forced claim takes it over and then fails', async () => {
    const key = newKey();
    const unanswered = await claimed(key);
    later(61_000);
    const forced = await claimed(key, true);
    await ledger().release(key, forced, { reason: 'archive unavailable' });

    const state = await ledger().read(key);

    expect(await claim(key)).toMatchObject({ outcome: 'uncertain' });
    expect(state).toMatchObject({ status: 'uncertain', attempt: { claimId: unanswered, status: 'uncertain' } });
  });

  it('does not let a stale holder answer for a newer claim', async () => {
    const key = newKey();
    const stale = await claimed(key);
    later(61_000);
    const fresh = await claimed(key, true);

    await ledger().release(key, stale, { reason: 'late' });
    await expect(ledger().markRejected(key, stale, { reason: 'late' })).rejects.toThrow(/no longer held/);

    expect(await ledger().read(key)).toMatchObject({ status: 'handing', attempt: { claimId: fresh } });
  });

  it('records what SES took even when its answer arrives after a forced claim took the expired lease', async () => {
    const key = newKey();
    const slow = await claimed(key);
    later(61_000);
    const forced = await claimed(key, true);

    await ledger().markSent(key, slow, { messageId: 'm-slow' });
    await ledger().markRejected(key, forced, { reason: 'MessageRejected' });

    expect(await ledger().read(key)).toMatchObject({ status: 'sent', attempt: { claimId: slow, messageId: 'm-slow' } });
    expect(await claim(key)).toMatchObject({ outcome: 'already-sent', messageId: 'm-slow' });
  });

  it('settles an unanswered hand-over from SES’s event, and the holder’s late answer still records', async () => {
    const key = newKey();
    const claimId = await claimed(key);

    const settled = await recordSent(documents, dynamo.tableName, key, claimId, {
      messageId: 'm-6',
      sentAt: clock.toISOString(),
      settledBy: 'ses-event',
    });
    const again = await recordSent(documents, dynamo.tableName, key, claimId, {
      messageId: 'm-6',
      sentAt: clock.toISOString(),
      settledBy: 'ses-event',
    });
    await ledger().markSent(key, claimId, { messageId: 'm-6' });

    expect([settled, again]).toEqual([true, false]);
    expect(await ledger().read(key)).toMatchObject({ status: 'sent', attempt: { messageId: 'm-6', settledBy: 'ses-event' } });
  });

  it('refuses to record an answer for a hand-over it does not hold', async () => {
    const key = newKey();

    await expect(ledger().markSent(key, 'no-such-claim', { messageId: 'm' })).rejects.toThrow(/holds no hand-over no-such-claim/);
  });

  it("claims, not 'another invocation holds it', when the answer to its committed claim was lost and the SDK sent it again", async () => {
    const key = newKey();
    const { lossy, lost } = answerLostOnce();

    const result = await claim(key, false, lossy);

    expect(lost()).toBe(true);
    expect(result).toEqual({ outcome: 'claimed', claimId: (await rawItem(key)).claimId });
  });

  it('records a permanent refusal whose committed answer was lost and sent again by the SDK, instead of reporting the claim lost', async () => {
    // prepare: the refusal's UpdateItem commits, its answer is lost, and the SDK sends it again.
    const key = newKey();
    const claimId = await claimed(key);
    const { lossy, lost } = answerLostOnce();

    // act
    const answered = ledger(lossy).markRejected(key, claimId, { reason: 'MessageRejected' });

    // assert: the refusal is recorded, so delivery must report it permanent (advice: force), not a
    // plain failure that it then tries to give back (advice: re-run, which only finds it rejected).
    await expect(answered).resolves.toBeUndefined();
    expect(lost()).toBe(true);
    expect(await ledger().read(key)).toMatchObject({ status: 'rejected', attempt: { claimId, reason: 'MessageRejected' } });
  });

  it('keeps a redirected incomplete group summary apart from the redirected complete one, as it does for the customers', async () => {
    // prepare: a tester got the incomplete summary of a redirected run sent on request.
    const summary: LedgerKey = { group: 'aquatec', month: '2026-04', target: 'summary', recipientsHash: `qa${(keys += 1)}` };
    const incomplete = await claimed({ ...summary, redirected: true, incomplete: true });
    await ledger().markSent({ ...summary, redirected: true, incomplete: true }, incomplete, { messageId: 'm-incomplete' });

    // act: the redirected run that completes the month sends the tester the complete one.
    const complete = await claim({ ...summary, redirected: true });

    // assert: like person# vs incomplete#, the complete summary is not the incomplete one.
    expect(complete.outcome).toBe('claimed');
  });

  it('records an unsubscribed person only where nothing was handed over, and a later run sends', async () => {
    const unsubscribed = newKey();
    const handed = newKey();
    await claimed(handed);

    const recorded = await ledger().recordUnsubscribed(unsubscribed, { addresses: ['ana@example.com'] });
    const overHandOver = await ledger().recordUnsubscribed(handed, { addresses: ['ana@example.com'] });

    expect([recorded, overHandOver]).toEqual([true, false]);
    expect(await ledger().read(unsubscribed)).toMatchObject({ status: 'unsubscribed', suppressed: ['ana@example.com'] });
    later(1);
    expect((await claim(unsubscribed)).outcome).toBe('claimed');
    expect((await ledger().read(unsubscribed))?.status).toBe('handing');
  });

  it('records an unsubscribe over a refused copy (nobody waits for it), never over a sent one; back on the list, the refusal blocks again', async () => {
    const refusedKey = newKey();
    const sentKey = newKey();
    await ledger().markRejected(refusedKey, await claimed(refusedKey), { reason: 'MessageRejected' });
    await sent(sentKey, 'm-12');
    later(1);

    const overRefused = await ledger().recordUnsubscribed(refusedKey, { addresses: ['ana@example.com'] });
    const overSent = await ledger().recordUnsubscribed(sentKey, { addresses: ['ana@example.com'] });

    expect([overRefused, overSent]).toEqual([true, false]);
    expect((await ledger().read(refusedKey))?.status).toBe('unsubscribed');
    expect((await ledger().read(sentKey))?.status).toBe('sent');
    expect(await claim(refusedKey)).toMatchObject({ outcome: 'rejected', reason: 'MessageRejected' });
  });

  it('keeps each person, and a redirected copy, on an item of its own', async () => {
    const key = newKey();
    await sent(key, 'm-7');

    const other = await claim({ ...key, recipientsHash: 'def' });
    const redirected = await claim({ ...key, redirected: true });

    expect([other.outcome, redirected.outcome]).toEqual(['claimed', 'claimed']);
  });

  it('marks a re-send once per request and destination, and appends it to the attempt it re-sent', async () => {
    const key = newKey();
    const claimId = await sent(key, 'm-8');

    const first = await ledger().markResending(key, 'req-1', 'qa@example.com');
    const repeat = await ledger().markResending(key, 'req-1', 'qa@example.com');
    const resend = { at: clock.toISOString(), messageId: 'm-9', archiveKey: handOver.archiveKey, destinations: ['qa@example.com'] };
    const appended = await ledger().recordResend(key, claimId, resend);
    const unknown = await ledger().recordResend(key, 'no-such-claim', resend);

    expect([first, repeat, appended, unknown]).toEqual([true, false, true, false]);
    expect((await ledger().read(key))?.attempt?.resends).toEqual([resend]);
  });

  it("marks a re-send once even when the answer to its committed mark was lost and the SDK sent it again (not 'already re-sent')", async () => {
    // prepare: a sent month; the re-send mark's UpdateItem commits, its answer is lost, the SDK retries.
    const key = newKey();
    await sent(key, 'm-10');
    const { lossy, lost } = answerLostOnce();

    // act
    const marked = await ledger(lossy).markResending(key, 'req-lost', 'ana@example.com');

    // assert: this very call made the mark, so its re-send goes out; false would skip it as
    // "already re-sent by this request" though nothing was re-sent.
    expect(lost()).toBe(true);
    expect(marked).toBe(true);
  });

  it('appends a re-send once even when the answer to its committed write was lost and the SDK sent it again', async () => {
    // prepare
    const key = newKey();
    const claimId = await sent(key, 'm-11');
    const { lossy, lost } = answerLostOnce();
    const resend = { at: clock.toISOString(), messageId: 'm-12', archiveKey: handOver.archiveKey, destinations: ['ana@example.com'] };

    // act
    await ledger(lossy).recordResend(key, claimId, resend);

    // assert: one re-send, recorded once.
    expect(lost()).toBe(true);
    expect((await ledger().read(key))?.attempt?.resends).toEqual([resend]);
  });

  it('reads nothing for an email it has no record of', async () => {
    expect(await ledger().read(newKey())).toBeUndefined();
  });
});
