import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateWriting } from '../../dev/stand-ins/dynamodb-fault-proxy.ts';
import { LOCAL_API_KEY, LOCAL_SECRET_ID } from '../../dev/local-stack.ts';
import { defaultGroup } from '../../dev/synthetic/groups.ts';
import type { SimMultiReport } from '../../dev/synthetic/vendor-answer.ts';
import { runLine } from '../../functions/report-mailer/operator-report/operator-report-email.ts';
import type { RunSummary } from '../../functions/report-mailer/run-summary.ts';
import { startLocalHandler, type LocalHandler } from '../support/local-handler.ts';

/**
 * Fault injection through the real handler: the IOBot simulator and the SES proxy misbehave on
 * purpose, and each test asserts exactly what reached the inbox and what the summary says.
 * Each test reports its own month, so the shared ledger never links two tests.
 */
let local: LocalHandler;
let matchedBefore = 0;
const companies = defaultGroup();
const ALL = companies.length + 1; // every company and the group summary
/** One message per person (dev/demo-config.ts): company 1 has a Cc, company 3 a Bcc, the summary one To. */
const COMPANY_MESSAGES = companies.length + 2;
const MESSAGES = COMPANY_MESSAGES + 1;

beforeAll(async () => {
  local = await startLocalHandler({
    env: {
      // One IOBot request per run, so queued faults hit the request they are meant for.
      HISTORY_MONTHS: '0',
      IOBOT_TIMEOUT_MS: '300',
      // The retries' pauses shrink (10, 20, 40 ms); how many there are, and what they retry, stays.
      IOBOT_MIN_RETRY_DELAY_MS: '10',
      LEDGER_LEASE_SECONDS: '1',
      // A request that never answers (the black holes below) times out in 2 s, not 10.
      SDK_REQUEST_TIMEOUT_MS: '2000',
      SECRET_MAX_AGE_SECONDS: '0',
    },
  });
});
afterAll(() => local.close());
beforeEach(async () => {
  local.stack.simulator.clearFaults();
  local.ses.fault = { kind: 'pass' };
  local.dynamo.fault = { kind: 'pass' };
  matchedBefore = local.dynamo.matched.length;
  local.stack.secrets.set(LOCAL_SECRET_ID, JSON.stringify({ apiKey: LOCAL_API_KEY }));
  await local.stack.clearInbox();
});

const run = (event: Record<string, unknown>) => local.handler({ group: 'demo', ...event });
/** The summary whether the run succeeded or failed with a ReportRunError. */
const summaryOf = async (event: Record<string, unknown>): Promise<{ summary: RunSummary; error?: Error }> => {
  try {
    return { summary: await run(event) };
  } catch (error) {
    if (error instanceof local.ReportRunError) return { summary: error.summary, error };
    throw error;
  }
};
/** The error of a run that must fail. */
const failureOf = (event: Record<string, unknown>): Promise<Error> =>
  run(event).then(
    () => {
      throw new Error('expected the run to fail');
    },
    (error: Error) => error,
  );
const edit = (mutate: (company: SimMultiReport['data'][number]) => void, id: number) => (body: SimMultiReport) => {
  const company = body.data.find((candidate) => candidate.data.id === id);
  if (company) mutate(company);
  return body;
};
/**
 * A run of a few companies first asks IOBot for the whole group's month, for the group comparison
 * (gatherBenchmarks): that answer passes unchanged, so the next fault reaches the companies' own request.
 */
const groupFiguresFirst = () => local.stack.simulator.inject({ kind: 'transform', fn: (body: SimMultiReport) => body });
const statusOf = (summary: RunSummary, id: number) => summary.companies.find((company) => company.companyId === id);

describe('IOBot faults', () => {
  it('retries 5xx and 429 and then sends everything once', async () => {
    local.stack.simulator.inject({ kind: 'status', status: 503 });
    local.stack.simulator.inject({ kind: 'status', status: 429, retryAfterSeconds: 0 });

    const summary = await run({ month: '2025-01' });

    expect(summary.counts.sent).toBe(ALL);
    expect(await local.stack.inbox()).toHaveLength(MESSAGES);
  });

  it('fails fast on 401 with a clear message, sends nothing and never shows the key', async () => {
    local.stack.simulator.inject({ kind: 'status', status: 401, body: { message: 'No autorizado' } });
    const requests = local.stack.simulator.requests.length;

    const error = await failureOf({ month: '2025-02' });

    expect(error.message).toMatch(/IOBot answered 401: the credentials in the secret were refused/);
    expect(error.message).not.toContain(LOCAL_API_KEY);
    expect(local.stack.simulator.requests.length - requests).toBe(1);
    expect(await local.stack.inbox()).toHaveLength(0);
  });

  it('fails fast on 400 (shared report not enabled)', async () => {
    local.stack.simulator.inject({ kind: 'status', status: 400, body: { message: 'El Reporte Compartido no está habilitado' } });

    await expect(run({ month: '2025-03' })).rejects.toThrow(/400 Bad Request: the root business must have the shared report/);
    expect(await local.stack.inbox()).toHaveLength(0);
  });

  it('gives up on a stalled API after the timeout and retries', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) local.stack.simulator.inject({ kind: 'stall', ms: 2_000 });

    await expect(run({ month: '2025-04' })).rejects.toThrow(/no answer within 300 ms \(after 3 attempts\)/);
  });

  it.each([['malformed-json'], ['truncated']] as const)('reports a %s body after retrying', async (kind) => {
    for (let attempt = 0; attempt < 3; attempt += 1) local.stack.simulator.inject({ kind });

    await expect(run({ month: '2025-05' })).rejects.toThrow(/not valid JSON|failed: network error/);
    expect(await local.stack.inbox()).toHaveLength(0);
  });

  it('recovers from one truncated answer', async () => {
    local.stack.simulator.inject({ kind: 'truncated' });

    expect((await run({ month: '2025-06' })).counts.sent).toBe(ALL);
  });
});

describe('hostile data', () => {
  it('renders names, tags and agents with HTML, quotes, CR/LF and emoji safely, dropping non-https images', async () => {
    groupFiguresFirst();
    local.stack.simulator.inject({
      kind: 'transform',
      fn: edit((company) => {
        company.data.nombre = '<script>alert("x")</script>\r\nBcc: intruso@example.com 😀';
        company.data.img_wa = 'http://inseguro.example.com/logo.png';
        if (company.tags[0]) company.tags[0].name = '<img src=x onerror=alert(1)>';
        if (company.agentes[0]) company.agentes[0].agente = 'Ana "La Jefa" <b>López</b> 🚀';
        if (company.adsBreakdown?.[0]) company.adsBreakdown[0].imageUrl = 'javascript:alert(1)';
      }, 1),
    });

    const summary = await run({ month: '2025-07', companies: [1] });

    const [email] = await local.stack.inbox();
    expect(summary.counts.sent).toBe(1);
    expect(email?.subject).not.toMatch(/[\r\n]/);
    expect(email?.destination.bcc).toEqual([]);
    expect(email?.body.html).not.toContain('<script>');
    expect(email?.body.html).not.toContain('<img src=x');
    expect(email?.body.html).toContain('&lt;script&gt;');
    expect(email?.body.html).toContain('😀');
    expect(email?.body.html).not.toContain('http://inseguro.example.com');
    expect(email?.body.html).not.toContain('javascript:');
    expect(email?.body.text).toContain('Ana "La Jefa" <b>López</b> 🚀');
  });

  it('reads nulls as zero and numeric strings as numbers', async () => {
    groupFiguresFirst();
    local.stack.simulator.inject({
      kind: 'transform',
      fn: edit((company) => {
        Object.assign(company, { averageTemperature: null, averageAgentTemperature: String(company.averageAgentTemperature), tags: null });
      }, 2),
    });

    const summary = await run({ month: '2025-08', companies: [2] });

    expect(summary.counts.sent).toBe(1);
    expect((await local.stack.inbox())[0]?.body.html).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('fails only the malformed company, naming the field; the others still go out', async () => {
    local.stack.simulator.inject({ kind: 'transform', fn: edit((company) => Object.assign(company, { salesCount: 'muchas' }), 3) });

    const { summary, error } = await summaryOf({ month: '2025-09' });

    expect(error?.message).toMatch(
      /^1 email\(s\) failed for demo 2025-09: 3 \(Distribuidora San Pedro Sula\): IOBot answer for data\[\d\] does not match the report schema:\ndata\[\d\]\.salesCount: /,
    );
    expect(statusOf(summary, 3)?.status).toBe('failed');
    // Every company but the malformed one; the group summary waits for the month to be complete.
    expect(summary.counts.sent).toBe(ALL - 2);
    expect(summary.summaryEmail).toMatchObject({
      status: 'held',
      reason: expect.stringContaining('3 (Distribuidora San Pedro Sula): failed'),
    });
    expect((await local.stack.inbox()).some((email) => email.destination.to.includes('gerencia.3@example.com'))).toBe(false);
    const logged = local.logs
      .join('')
      .split('\n')
      .find((line) => line.includes('"Monthly report run failed"') && line.includes('2025-09'));
    expect(JSON.parse(logged ?? '{}')).toMatchObject({
      summary: {
        period: { month: '2025-09' },
        companies: expect.arrayContaining([expect.objectContaining({ companyId: 3, status: 'failed' })]),
      },
    });
  });

  it('holds a company whose numbers do not add up, and says why', async () => {
    groupFiguresFirst();
    local.stack.simulator.inject({
      kind: 'transform',
      fn: edit((company) => Object.assign(company, { salesCount: company.salesCount + 5 }), 4),
    });

    const summary = await run({ month: '2025-10', companies: [1, 4] });

    expect(statusOf(summary, 4)).toMatchObject({
      status: 'held',
      problems: expect.arrayContaining([expect.stringMatching(/^salesThatChatHasAnuncioIdCount/)]),
    });
    expect(summary.counts).toMatchObject({ sent: 1, held: 1 });
  });

  it('holds the group summary while a company is held, naming it', async () => {
    local.stack.simulator.inject({
      kind: 'transform',
      fn: edit((company) => Object.assign(company, { salesCount: company.salesCount + 5 }), 4),
    });

    const summary = await run({ month: '2024-11' });

    expect(summary.summaryEmail).toMatchObject({
      status: 'held',
      reason: expect.stringMatching(
        /^not sent: 1 of \d+ companies are not accounted for \(4 \(.+\): held, the numbers failed the consistency checks/,
      ),
    });
    expect((await local.stack.inbox()).some((email) => email.destination.to.includes('direccion@example.com'))).toBe(false);
  });

  it('skips, without failing the run, a malformed company nobody is configured to receive', async () => {
    local.stack.simulator.inject({
      kind: 'transform',
      fn: (body: SimMultiReport) => {
        const extra = structuredClone(body.data[0]!);
        Object.assign(extra, { salesCount: 'muchas' });
        extra.data.id = 98;
        body.data.push(extra);
        return body;
      },
    });

    const summary = await run({ month: '2024-12' });

    expect(statusOf(summary, 98)).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/^no recipients configured .*malformed: .*salesCount/s),
    });
    expect(summary.counts.failed).toBe(0);
  });

  it('flags negative numbers and holds the company', async () => {
    groupFiguresFirst();
    local.stack.simulator.inject({ kind: 'transform', fn: edit((company) => Object.assign(company, { conversaciones: -3 }), 2) });

    const summary = await run({ month: '2025-11', companies: [2] });

    expect(statusOf(summary, 2)?.problems).toContain('conversaciones is negative (-3)');
  });

  it('keeps a huge tag list inside the size budget', async () => {
    groupFiguresFirst();
    local.stack.simulator.inject({
      kind: 'transform',
      fn: edit((company) => {
        company.tags = Array.from({ length: 5_000 }, (_, index) => ({ name: `Etiqueta ${index} <larga>`, count: 5_000 - index }));
      }, 1),
    });

    const summary = await run({ month: '2025-12', companies: [1] });

    expect(statusOf(summary, 1)?.htmlBytes).toBeLessThan(90 * 1024);
  });

  it('reports companies in the answer without recipients', async () => {
    local.stack.simulator.inject({
      kind: 'transform',
      fn: (body: SimMultiReport) => {
        const extra = structuredClone(body.data[0]!);
        extra.data.id = 99;
        extra.data.nombre = 'Sin destinatarios';
        body.data.push(extra);
        return body;
      },
    });

    const summary = await run({ month: '2024-01' });

    expect(statusOf(summary, 99)).toMatchObject({
      status: 'skipped',
      reason: 'no recipients configured for this company in the report group',
    });
  });

  it('fails a configured company missing from the answer', async () => {
    local.stack.simulator.inject({
      kind: 'transform',
      fn: (body: SimMultiReport) => ({ data: body.data.filter((company) => company.data.id !== 2) }),
    });

    const { summary } = await summaryOf({ month: '2024-02' });

    expect(statusOf(summary, 2)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/has no data for company 2/) });
    expect(summary.counts.sent).toBe(ALL - 2);
    expect(summary.summaryEmail?.status).toBe('held');
  });
});

describe('the group summary and a month that is not complete', () => {
  const toDirectors = async () => (await local.stack.inbox()).filter((email) => email.destination.to.includes('direccion@example.com'));
  const everyCompany = (mutate: (company: SimMultiReport['data'][number]) => void) => (body: SimMultiReport) => {
    body.data.forEach(mutate);
    return body;
  };

  it('never mails an empty summary: a malformed answer holds it, and the re-run that completes the month sends it', async () => {
    // prepare: every entry malformed
    local.stack.simulator.inject({ kind: 'transform', fn: everyCompany((company) => Object.assign(company, { salesCount: 'muchas' })) });

    // act
    const first = await summaryOf({ month: '2026-01' });
    const second = await run({ month: '2026-01' });

    // assert
    expect(first.summary.summaryEmail).toMatchObject({
      status: 'held',
      reason: expect.stringMatching(/^not sent: no company of 2026-01 is accounted for/),
    });
    expect(first.summary.counts.sent).toBe(0);
    expect(second.summaryEmail?.status).toBe('sent');
    const summaries = await toDirectors();
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.body.text).toContain(companies[2]!.nombre);
    expect(summaries[0]?.body.text).not.toContain('Faltan en este resumen');
  });

  it('sends it anyway on request, saying who is missing and why; the completing re-run sends the complete one', async () => {
    // prepare: company 3 malformed in the first two runs
    const malformed3 = () =>
      local.stack.simulator.inject({ kind: 'transform', fn: edit((company) => Object.assign(company, { salesCount: 'muchas' }), 3) });
    malformed3();
    const held = await summaryOf({ month: '2026-02' });
    malformed3();

    // act
    const forced = await summaryOf({ month: '2026-02', sendIncompleteSummary: true });
    const completing = await run({ month: '2026-02' });

    // assert
    expect(held.summary.summaryEmail?.status).toBe('held');
    expect(forced.summary.summaryEmail?.status).toBe('sent');
    expect(completing.summaryEmail?.status).toBe('sent');
    expect(statusOf(completing, 3)?.status).toBe('sent');
    const [partial, complete] = await toDirectors();
    expect(partial?.body.text).toContain('== Faltan en este resumen ==');
    expect(partial?.body.text).toContain(
      '- Distribuidora San Pedro Sula: no se pudo enviar su reporte; el equipo técnico lo está revisando',
    );
    expect(partial?.body.text).not.toContain('formato del reporte');
    expect(complete?.body.text).not.toContain('Faltan en este resumen');
    expect(complete?.body.text).toContain('Distribuidora San Pedro Sula');
    // Every company exactly once across the three runs.
    const companyEmails = (await local.stack.inbox()).filter((email) => !email.destination.to.includes('direccion@example.com'));
    expect(companyEmails).toHaveLength(COMPANY_MESSAGES);
  });

  it('a re-run of a complete month skips the summary as already sent', async () => {
    await run({ month: '2026-05' });

    const again = await run({ month: '2026-05' });

    expect(again.summaryEmail).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/^to direccion@example\.com: already sent/),
    });
    expect(await toDirectors()).toHaveLength(1);
  });
});

describe('secret faults', () => {
  it.each([
    ['not JSON', 'just-a-plain-secret-9f8e7d', /is not JSON/],
    [
      'without the key',
      JSON.stringify({ apikey: 'secret-value-1234' }),
      /has no non-empty string "apiKey" or "token" \(keys found: apikey\)/,
    ],
  ])('fails clearly on a secret %s and never logs it', async (_case, secret, message) => {
    local.stack.secrets.set(LOCAL_SECRET_ID, secret);

    const error = await failureOf({ month: '2024-03' });

    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(secret);
    expect(local.logs.join('')).not.toContain(secret.includes('{') ? 'secret-value-1234' : secret);
  });

  it('authenticates with a session token in the body', async () => {
    local.stack.secrets.set(LOCAL_SECRET_ID, JSON.stringify({ token: 'wrong-token' }));

    await expect(run({ month: '2024-04' })).rejects.toThrow(/401/);
    expect(local.logs.join('')).not.toContain('wrong-token');
  });
});

describe('SES faults and delivery guarantees', () => {
  it('retries throttling and sends everything once', async () => {
    local.ses.fault = { kind: 'throttle', times: 2 };

    const summary = await run({ month: '2024-05' });

    expect(summary.counts.sent).toBe(ALL);
    expect(await local.stack.inbox()).toHaveLength(MESSAGES);
  });

  it('reports a rejected recipient for that company only, and records it so retries do not try again', async () => {
    local.ses.fault = { kind: 'reject-recipient', address: 'gerencia.2@example.com' };
    const { summary, error } = await summaryOf({ month: '2024-06' });
    const attempts = local.ses.rejected;

    const retry = await summaryOf({ month: '2024-06' });

    expect(statusOf(summary, 2)).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /^to gerencia\.2@example\.com: SES MessageRejected: Email address is not verified.*recorded: retries will not try again/,
      ),
    });
    expect(error).toBeDefined();
    // The other companies; the group summary is held until company 2 is accounted for.
    expect(await local.stack.inbox()).toHaveLength(MESSAGES - 2);
    expect(statusOf(retry.summary, 2)).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^to gerencia\.2@example\.com: SES rejected this email permanently on .*not tried again/),
    });
    expect(retry.error).toBeDefined();
    expect(local.ses.rejected).toBe(attempts);
  });

  it('tries a rejected email again on force', async () => {
    local.ses.fault = { kind: 'reject-recipient', address: 'gerencia.2@example.com' };
    await summaryOf({ month: '2026-06', companies: [2] });
    local.ses.fault = { kind: 'pass' };

    const forced = await run({ month: '2026-06', companies: [2], force: true });

    expect(statusOf(forced, 2)?.status).toBe('sent');
    expect(await local.stack.inbox()).toHaveLength(1);
  });

  it('after a partial failure, a re-run sends only what is missing', async () => {
    // SES answers a refusal (400) after two messages: those certainly did not go out.
    local.ses.fault = { kind: 'fail-after', after: local.ses.forwarded + 2 };
    const first = await summaryOf({ month: '2024-07' });
    const afterFirst = (await local.stack.inbox()).length;
    local.ses.fault = { kind: 'pass' };

    const second = await run({ month: '2024-07' });

    expect(afterFirst).toBe(2);
    expect(first.summary.counts.uncertain).toBe(0);
    expect(second.counts.failed + second.counts.uncertain).toBe(0);
    const people = second.companies.flatMap((company) => company.people ?? []);
    expect(people.filter((person) => person.status === 'skipped')).toHaveLength(2);
    const inbox = await local.stack.inbox();
    expect(inbox).toHaveLength(MESSAGES);
    expect(new Set(inbox.map((email) => email.destination.to.join())).size).toBe(MESSAGES);
  });

  it('an SES server error (5xx) after SES may have taken the message: uncertain, and the re-run does not send it again', async () => {
    local.ses.fault = { kind: 'fail-after', after: local.ses.forwarded, status: 500 };
    const first = await summaryOf({ month: '2026-03', companies: [2] });
    local.ses.fault = { kind: 'pass' };

    const second = await summaryOf({ month: '2026-03', companies: [2] });

    expect(statusOf(first.summary, 2)).toMatchObject({ status: 'uncertain', reason: expect.stringMatching(/InternalFailure/) });
    // Within the lease it reads as in progress, after it as uncertain: never sent again either way.
    expect(['skipped', 'uncertain']).toContain(statusOf(second.summary, 2)?.status);
    expect(await local.stack.inbox()).toHaveLength(0);
  });

  it('a claim that never lands: the retry sends that email, and the stalled run, once it wakes, sends nothing again', async () => {
    // The first run stalls claiming its third email (the claim, the hand-over, never reaches the ledger).
    let handOvers = 0;
    local.dynamo.fault = { kind: 'black-hole', when: (request) => updateWriting('handing')(request) && (handOvers += 1) === 3 };
    const stalled = summaryOf({ month: '2024-08' });
    await expect.poll(() => local.dynamo.matched.length, { timeout: 5_000 }).toBeGreaterThan(matchedBefore);
    local.dynamo.fault = { kind: 'pass' };
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // the crashed run's claim expires

    const retry = await run({ month: '2024-08' });

    const inbox = await local.stack.inbox();
    // The stalled run's claim times out; the SDK's retry finds the email sent, and the month complete.
    const woken = await stalled;

    // The send pool went on with the other companies; the one whose claim never landed goes out now.
    expect(retry.counts).toMatchObject({ uncertain: 0, failed: 0 });
    expect(retry.counts.sent + retry.counts.skipped).toBe(ALL);
    expect(retry.counts.sent).toBeGreaterThanOrEqual(1);
    expect(inbox).toHaveLength(MESSAGES);
    expect(new Set(inbox.map((email) => email.destination.to.join())).size).toBe(MESSAGES);
    // Both runs sent companies and found the month complete: the summary still went out once.
    expect(woken.summary.summaryEmail).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/already sent/) });
    expect(await local.stack.inbox()).toHaveLength(MESSAGES);
  });

  it('a crash during the SES call: that email is uncertain and never sent again automatically', async () => {
    // SES never answers the third send (like a Lambda timeout mid-call): SES may or may not have it.
    local.ses.fault = { kind: 'black-hole-after', after: local.ses.forwarded + 2 };
    void run({ month: '2026-07' }).catch(() => undefined);
    await expect.poll(() => local.stack.inbox().then((inbox) => inbox.length), { timeout: 5_000 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // its lease runs out: uncertain
    local.ses.fault = { kind: 'pass' };

    const retry = await run({ month: '2026-07' });

    // Every send after the first two went into the black hole (the send pool runs several at once): each
    // is uncertain, none is sent again, and the group summary waits for them. A company with one person
    // through and one in the hole is uncertain.
    const people = retry.companies.flatMap((company) => company.people ?? []);
    expect(people.filter((person) => person.status === 'skipped')).toHaveLength(2);
    expect(people.filter((person) => person.status === 'uncertain')).toHaveLength(COMPANY_MESSAGES - 2);
    expect(retry.counts).toMatchObject({ sent: 0, held: 1 });
    expect(retry.counts.uncertain + retry.counts.skipped).toBe(companies.length);
    expect(
      retry.companies
        .filter((company) => company.status === 'uncertain')
        .every((company) => /may have gone out; not sent again automatically/.test(company.reason ?? '')),
    ).toBe(true);
    expect(await local.stack.inbox()).toHaveLength(2);
  });

  it('SES accepted but the ledger could not record it: uncertain, and no later run sends it again', async () => {
    local.dynamo.fault = {
      kind: 'fail',
      when: (request) => updateWriting('sent')(request) && JSON.stringify(request.body).includes('demo#2026-08#2'),
    };
    const first = await run({ month: '2026-08' });
    local.dynamo.fault = { kind: 'pass' };
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // past the lease: the retry's moment

    const retry = await run({ month: '2026-08' });

    expect(statusOf(first, 2)).toMatchObject({
      status: 'uncertain',
      messageId: expect.any(String),
      reason: expect.stringMatching(/^to gerencia\.2@example\.com: SES accepted it .*could not record that/),
    });
    expect(first.counts).toMatchObject({ sent: ALL - 2, uncertain: 1, held: 1, failed: 0 });
    expect(statusOf(retry, 2)).toMatchObject({ status: 'uncertain', reason: expect.stringMatching(/never recorded SES's answer/) });
    expect(await local.stack.inbox()).toHaveLength(MESSAGES - 1);
  });

  it('the SES Send event settles an uncertain email: the next run skips it as sent', async () => {
    local.dynamo.fault = {
      kind: 'fail',
      when: (request) => updateWriting('sent')(request) && JSON.stringify(request.body).includes('demo#2026-09#2'),
    };
    const first = await run({ month: '2026-09', companies: [2] });
    local.dynamo.fault = { kind: 'pass' };

    await local.stack.deliveryEvents.feed();
    const next = await run({ month: '2026-09', companies: [2] });

    expect(statusOf(first, 2)?.status).toBe('uncertain');
    expect(statusOf(next, 2)).toMatchObject({
      status: 'skipped',
      messageId: statusOf(first, 2)?.messageId,
      reason: expect.stringMatching(/^to gerencia\.2@example\.com: already sent/),
    });
    expect(await local.stack.inbox()).toHaveLength(1);
  });

  it('four concurrent runs send each email once, and none of them ends in error', async () => {
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => run({ month: '2024-09' })));
    // Each run may have seen the others' companies in flight and held the group summary: a later
    // run that finds the month complete sends it, once.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await summaryOf({ month: '2024-09' });

    const inbox = await local.stack.inbox();
    expect(inbox).toHaveLength(MESSAGES);
    expect(new Set(inbox.map((email) => email.destination.to.join())).size).toBe(MESSAGES);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const people = results
      .flatMap((result) => (result.status === 'fulfilled' ? result.value.companies : []))
      .flatMap((c) => c.people ?? []);
    expect(people.filter((person) => person.status === 'sent')).toHaveLength(COMPANY_MESSAGES);
    expect(
      people
        .filter((person) => person.status === 'skipped')
        .every((person) => /another invocation holds|already sent/.test(person.reason ?? '')),
    ).toBe(true);
  });

  it("Lambda's retry of a forced run that partly failed does not force a second copy on the people its first attempt sent", async () => {
    // prepare: company 1's month went out to its two people (To and Cc); an operator forces it again,
    // and SES refuses one of the two forced copies (an answer: it did not take it), so the run fails
    // and Lambda retries the same event, with the same request id.
    await run({ month: '2026-10', companies: [1] });
    await local.stack.clearInbox();
    const context = { awsRequestId: 'forced-once', getRemainingTimeInMillis: () => 300_000, functionName: 'report-mailer' };
    const forced = { group: 'demo', month: '2026-10', companies: [1], force: true };
    local.ses.fault = { kind: 'fail-after', after: local.ses.forwarded + 1 };
    const first = await local.handler(forced, context as unknown as Context).then(
      () => undefined,
      (error: unknown) => error,
    );
    local.ses.fault = { kind: 'pass' };

    // act: Lambda's retry of the forced invocation.
    await local.handler(forced, context as unknown as Context);

    // assert: the operator asked for one forced copy per person: each person has exactly one.
    expect(first).toBeInstanceOf(local.ReportRunError);
    const inbox = await local.stack.inbox();
    expect(inbox.map((email) => email.destination.to.join()).sort()).toEqual(['gerencia.1@example.com', 'ventas@example.com']);
  });

  it("the operator report's fix for one person's uncertain copy does not send the company's other person the month again", async () => {
    // prepare: company 1 goes to two people (To and Cc); SES takes the first hand-over and never
    // answers the second (uncertain: the person's own copy, the other one is sent).
    local.ses.fault = { kind: 'black-hole-after', after: local.ses.forwarded + 1 };
    const { summary } = await summaryOf({ month: '2026-11', companies: [1] });
    local.ses.fault = { kind: 'pass' };
    const company = statusOf(summary, 1);
    const fix = company ? runLine(summary, company).fix : undefined;

    // act: the operator checks that inbox and runs the console event the report gives for it.
    await run(fix?.event ?? {});

    // assert: the uncertain person gets their copy; the person whose copy went out does not get a second.
    expect(company?.status).toBe('uncertain');
    expect(fix?.event).toMatchObject({ companies: [1], force: true });
    const inbox = await local.stack.inbox();
    for (const address of ['gerencia.1@example.com', 'ventas@example.com']) {
      expect(inbox.filter((email) => email.destination.to.includes(address))).toHaveLength(1);
    }
  });

  it('force re-sends a month that already went out', async () => {
    await run({ month: '2024-10', companies: [1] });

    const again = await run({ month: '2024-10', companies: [1] });
    const forced = await run({ month: '2024-10', companies: [1], force: true });

    expect(again.counts).toMatchObject({ sent: 0, skipped: 1 });
    expect(forced.counts).toMatchObject({ sent: 1 });
    // Company 1's two people (To and Cc), once each, then once each again on force.
    expect(await local.stack.inbox()).toHaveLength(4);
  });
});
