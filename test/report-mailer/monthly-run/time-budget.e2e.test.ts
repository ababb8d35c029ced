import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGroup } from '../../../dev/synthetic/groups.ts';
import { startLocalHandler, type LocalHandler } from '../../support/local-handler.ts';

/**
 * The time budget through the real handler: an invocation whose clock runs out stops starting companies,
 * says which are left, and the next invocation sends exactly those and then the group summary.
 */
let local: LocalHandler;
const companies = defaultGroup();
const EVENT = { group: 'demo', month: '2026-04' };
/** Messages before the clock runs out: company 1's two people (To, Cc) and company 2's one. */
const SENDS_BEFORE_DEADLINE = 3;
const COMPANIES_BEFORE_DEADLINE = 2;
/** One message per person (dev/demo-config.ts): company 1 has a Cc, company 3 a Bcc. */
const COMPANY_MESSAGES = companies.length + 2;

/** A Lambda context whose remaining time is what `remainingMs` says. */
const contextWith = (remainingMs: () => number): Context =>
  ({ getRemainingTimeInMillis: remainingMs, awsRequestId: 'test', functionName: 'report-mailer' }) as unknown as Context;

beforeAll(async () => {
  // One delivery at a time and a 1 s reserve (+20 ms to drain one send at 50/s), so the cut is exact.
  local = await startLocalHandler({ env: { SEND_CONCURRENCY: '1', TIME_RESERVE_SECONDS: '1' } });
});
afterAll(() => local.close());

describe('handler, time budget', () => {
  it('stops claiming when only the reserve is left, and names what is left for the next run', async () => {
    // prepare: each email that reaches SES uses up a second of the clock
    const remaining = () => 1020 + (SENDS_BEFORE_DEADLINE - local.ses.forwarded) * 1000;

    // act
    const error = await local.handler(EVENT, contextWith(remaining)).then(
      () => undefined,
      (caught: unknown) =>
        caught as Error & {
          summary?: {
            counts: Record<string, number>;
            companies: { companyId: number; status: string }[];
            summaryEmail?: { status: string };
          };
        },
    );

    // assert
    const left = companies.slice(COMPANIES_BEFORE_DEADLINE).map((company) => company.id);
    expect(error?.name).toBe('RunNotFinishedError');
    expect(error?.message).toBe(
      `${left.length} of ${companies.length} companies left for the next run of demo 2026-04 (this invocation's time ran out; ${COMPANIES_BEFORE_DEADLINE} sent): ` +
        `${left.join(', ')}. Lambda's retry of a scheduled run sends them; otherwise re-run the same event: companies already sent are skipped.`,
    );
    // the group summary is deferred too: it waits for the whole month
    expect(error?.summary?.counts).toMatchObject({ sent: COMPANIES_BEFORE_DEADLINE, deferred: left.length + 1, failed: 0 });
    expect(error?.summary?.summaryEmail?.status).toBe('deferred');
    expect(await local.stack.inbox()).toHaveLength(SENDS_BEFORE_DEADLINE);
  });

  it('sends only the rest on the next run, then the group summary', async () => {
    // act
    const summary = await local.handler(
      EVENT,
      contextWith(() => 300_000),
    );

    // assert
    expect(summary.counts).toEqual({
      sent: companies.length - COMPANIES_BEFORE_DEADLINE + 1,
      skipped: COMPANIES_BEFORE_DEADLINE,
      failed: 0,
      held: 0,
      deferred: 0,
      uncertain: 0,
    });
    const inbox = await local.stack.inbox();
    expect(inbox).toHaveLength(COMPANY_MESSAGES + 1);
    for (const company of companies) {
      expect(inbox.filter((email) => email.destination.to.includes(`gerencia.${company.id}@example.com`))).toHaveLength(1);
    }
    expect(inbox.filter((email) => email.destination.to.includes('direccion@example.com'))).toHaveLength(1);
  });

  it("a forced run cut by its time budget: Lambda's retry sends only the rest, not the forced companies again", async () => {
    // prepare: an operator forces a whole month; the invocation's clock runs out after three messages
    // (RunNotFinishedError), and Lambda retries the same event with the same request id.
    const forced = { group: 'demo', month: '2026-03', force: true };
    await local.stack.clearInbox();
    const base = local.ses.forwarded;
    const first = await local
      .handler(
        forced,
        contextWith(() => 1020 + (SENDS_BEFORE_DEADLINE - (local.ses.forwarded - base)) * 1000),
      )
      .then(
        () => undefined,
        (caught: unknown) => caught as Error,
      );

    // act
    await local.handler(
      forced,
      contextWith(() => 300_000),
    );

    // assert: one forced copy per person, as the RunNotFinishedError's message promises ("companies
    // already sent are skipped"); not the first invocation's companies a second time.
    expect(first?.name).toBe('RunNotFinishedError');
    const inbox = await local.stack.inbox();
    for (const company of companies) {
      expect(inbox.filter((email) => email.destination.to.includes(`gerencia.${company.id}@example.com`))).toHaveLength(1);
    }
    expect(inbox).toHaveLength(COMPANY_MESSAGES + 1);
  });
});
