import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportGroupSchema } from '../../../functions/config/config-schema.ts';
import type { RawEmail } from '../../../functions/delivery/ses-sender.ts';
import type { CompanyEntry } from '../../../functions/report-mailer/monthly-run/classify-companies.ts';
import {
  DEFERRED_REASON,
  deliverCompanies,
  sendPoolSize,
  type CompanyDeliveryDeps,
} from '../../../functions/report-mailer/monthly-run/deliver-companies.ts';
import type { RunPlan } from '../../../functions/report-mailer/run-plan.ts';
import { createTimeBudget } from '../../../functions/report-mailer/monthly-run/time-budget.ts';
import { monthPeriod } from '../../../functions/shared/report-period.ts';
import { seedReport, withReport } from '../../fixtures/reports.ts';
import { startDeliveryStandIns } from '../../support/delivery-stand-ins.ts';

const COMPANIES = 24;
const group = reportGroupSchema.parse({
  name: 'pool',
  businessId: 1,
  timeZone: 'America/Tegucigalpa',
  companies: Array.from({ length: COMPANIES }, (_, index) => ({ id: index + 1, to: [`gerencia.${index + 1}@example.com`] })),
});
let months = 0;
/** A fresh month per test, so the ledger starts empty for it. */
const plan = (): RunPlan => ({
  group,
  period: monthPeriod(`20${10 + (months += 1)}-04`, group.timeZone),
  dryRun: false,
  force: false,
  summary: false,
  sendIncompleteSummary: false,
});
const entries = (): CompanyEntry[] =>
  group.companies.map((company) => ({
    kind: 'ready',
    company,
    report: withReport(seedReport(), { data: { id: company.id, nombre: `Empresa ${company.id}` } }),
    problems: [],
  }));

/** SES at the boundary: answers after a delay that varies per company, and records how many calls overlap. */
const fakeSes = (options: { failFor?: string; delayMs?: (to: string) => number } = {}) => {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sendRaw = async (email: RawEmail) => {
    const to = email.destinations[0] ?? '';
    calls.push(to);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, options.delayMs?.(to) ?? 15));
    inFlight -= 1;
    if (to === options.failFor) throw new Error('SES MessageRejected: Email address is not verified.');
    return { messageId: `m-${to}` };
  };
  return { sendRaw, calls, maxInFlight: () => maxInFlight };
};

let standIns: Awaited<ReturnType<typeof startDeliveryStandIns>>;
let baseDeps: Omit<CompanyDeliveryDeps, 'sendRaw' | 'sendConcurrency'>;

beforeAll(async () => {
  standIns = await startDeliveryStandIns();
  baseDeps = standIns.deps;
});
afterAll(() => standIns.close());

describe('deliverCompanies (bounded pool)', () => {
  it("keeps exactly `sendConcurrency` deliveries in flight and returns the outcomes in the entries' order", async () => {
    // prepare: later companies answer faster, so completion order is not entry order
    const ses = fakeSes({ delayMs: (to) => 40 - Number(/\d+/.exec(to)?.[0] ?? 0) });

    // act
    const outcomes = await deliverCompanies(plan(), { ...baseDeps, sendRaw: ses.sendRaw, sendConcurrency: 4 }, entries(), []);

    // assert
    expect(ses.maxInFlight()).toBe(4);
    expect(outcomes.map((outcome) => outcome.companyId)).toEqual(group.companies.map((company) => company.id));
    expect(outcomes.every((outcome) => outcome.status === 'sent')).toBe(true);
    expect(ses.calls).toHaveLength(COMPANIES);
  });

  it('isolates a failed company: the others in the pool are sent', async () => {
    // prepare
    const ses = fakeSes({ failFor: 'gerencia.3@example.com' });

    // act
    const outcomes = await deliverCompanies(plan(), { ...baseDeps, sendRaw: ses.sendRaw, sendConcurrency: 8 }, entries(), []);

    // assert
    expect(outcomes[2]).toMatchObject({
      companyId: 3,
      status: 'failed',
      reason: 'to gerencia.3@example.com: SES MessageRejected: Email address is not verified.',
      people: [{ address: 'gerencia.3@example.com', field: 'to', status: 'failed' }],
    });
    expect(outcomes.filter((outcome) => outcome.status === 'sent')).toHaveLength(COMPANIES - 1);
  });

  it('never sends a company twice when two runs of the same month overlap (the ledger still decides)', async () => {
    // prepare
    const ses = fakeSes();
    const month = plan();
    const deps = { ...baseDeps, sendRaw: ses.sendRaw, sendConcurrency: 6 };

    // act
    const [first, second] = await Promise.all([deliverCompanies(month, deps, entries(), []), deliverCompanies(month, deps, entries(), [])]);

    // assert
    expect(new Set(ses.calls).size).toBe(COMPANIES);
    expect(ses.calls).toHaveLength(COMPANIES);
    first.forEach((outcome, index) => expect([outcome.status, second[index]?.status]).toContain('sent'));
  });

  it('stops starting companies when the time budget runs out: those are deferred, the started ones finish', async () => {
    // prepare: each SES call costs a second of a 10 s budget with a 5 s reserve
    const ses = fakeSes();
    const budget = createTimeBudget(() => 10_000 - ses.calls.length * 1000, 5000);

    // act
    const outcomes = await deliverCompanies(plan(), { ...baseDeps, budget, sendRaw: ses.sendRaw, sendConcurrency: 1 }, entries(), []);

    // assert
    expect(outcomes.map((outcome) => outcome.status)).toEqual([...Array(5).fill('sent'), ...Array(COMPANIES - 5).fill('deferred')]);
    expect(outcomes[5]).toMatchObject({ companyId: 6, recipients: { to: ['gerencia.6@example.com'] }, reason: DEFERRED_REASON });
    expect(ses.calls).toHaveLength(5);
  });

  it("names on the outcome the exchange rate a company's ads needed and the group lacks, and nothing when it has it", async () => {
    // prepare: the seed's ads spend USD, its amounts are HNL, and the group configures no rate
    const ses = fakeSes();
    const deps = { ...baseDeps, sendRaw: ses.sendRaw, sendConcurrency: 4 };
    const [first] = entries();

    // act
    const [without] = await deliverCompanies(plan(), deps, [first as CompanyEntry], []);
    const withRate = { ...plan(), group: { ...group, exchangeRates: { 'USD:HNL': 24.7 } } };
    const [converted] = await deliverCompanies(withRate, deps, [first as CompanyEntry], []);

    // assert
    expect(without).toMatchObject({ status: 'sent', missingExchangeRates: ['USD:HNL'] });
    expect(converted?.status).toBe('sent');
    expect(converted).not.toHaveProperty('missingExchangeRates');
  });

  it('sizes the pool from the send rate: enough for a second of sends, between 2 and 64', () => {
    expect([1, 5, 50, 200, 500].map(sendPoolSize)).toEqual([2, 5, 50, 64, 64]);
  });
});
