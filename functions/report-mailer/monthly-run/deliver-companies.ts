/**
 * Each company's email, rendered then delivered, in a bounded pool: SES answers in 50–100 ms, so one
 * delivery at a time (claim, send, record) cannot reach the account's send rate. The pool keeps a few
 * deliveries in flight and the shared token bucket (`throttle`) paces their SES calls; each delivery is
 * still the same isolated claim → send → record, and the outcomes come back in the entries' order.
 */
import pLimit from 'p-limit';
import type { MultiReportResult } from '../../iobot/iobot-client.ts';
import { sha256 } from '../../delivery/email-archive.ts';
import { missingExchangeRates } from '../../report/figures/ad-efficiency.ts';
import type { GroupBenchmarks } from '../../report/figures/peer-standing.ts';
import { currencyCode } from '../../report/format/format.ts';
import { renderCompanyEmail } from '../../report/company/render-company-email.ts';
import { TEMPLATE_VERSION } from '../../report/template-version.ts';
import type { CompanyEntry } from './classify-companies.ts';
import { historyOf } from './fetch-reports.ts';
import { isOutcome, renderEmail, sendReportEmail, type ReportEmailDeps } from './report-email.ts';
import { recipientsFor, type RunPlan } from '../run-plan.ts';
import type { EmailOutcome } from '../run-summary.ts';
import type { TimeBudget } from './time-budget.ts';

export interface CompanyDeliveryDeps extends ReportEmailDeps {
  /** Top-N rows in the HTML tables; the CSV attachments carry every row. */
  maxTableRows: number;
  /** Deliveries in flight at once (see `sendPoolSize`). */
  sendConcurrency: number;
  /** No company is started once this says so; it is `deferred` to the next run. */
  budget: TimeBudget;
}

export const DEFERRED_REASON =
  "not started: this invocation's time ran out before its turn; the next run (Lambda's retry or a console re-run) sends it";

const deferred = (plan: RunPlan, entry: Extract<CompanyEntry, { kind: 'ready' }>): EmailOutcome => {
  const { company, report } = entry;
  return {
    companyId: company.id,
    name: report.data.nombre,
    status: 'deferred',
    recipients: recipientsFor(plan, company),
    reason: DEFERRED_REASON,
  };
};

/**
 * Seconds of sends kept in flight. One delivery takes about 0.2 s of waiting (claim, archive, an 80 ms SES
 * answer, the record), but more once the CPU is busy: each await then queues behind the renders of the
 * others. With the bucket's burst of 1 a token nobody is ready to take is lost for good, so the pool holds
 * a full second of sends: the next emails are rendered and archived, waiting for their token, before it
 * accrues. At 0.4 s the load bench (2,000 emails at 50/s) lost 9 % to such gaps; at 1 s, 1–2 %.
 */
const IN_FLIGHT_SECONDS = 1;
export const MAX_SEND_CONCURRENCY = 64;

/** The run's pool of deliveries, shared by its pages so the number in flight stays bounded. */
export type SendPool = ReturnType<typeof pLimit>;
export const createSendPool = (concurrency: number): SendPool => pLimit(Math.max(1, concurrency));

/**
 * Deliveries in flight needed to keep `sendRatePerSecond` busy when one takes up to a second: 5 at the
 * default 5/s, 50 at 50/s, 64 (the cap, also the SES client's socket pool) from 64/s.
 */
export const sendPoolSize = (sendRatePerSecond: number): number =>
  Math.min(MAX_SEND_CONCURRENCY, Math.max(2, Math.ceil(sendRatePerSecond * IN_FLIGHT_SECONDS)));

/** What the run knows beyond the company's own months: the same month last year (best effort), the group's figures. */
export interface RunFacts {
  lastYear?: MultiReportResult | undefined;
  benchmarks?: GroupBenchmarks | undefined;
}

const deliverCompany = async (
  plan: RunPlan,
  deps: CompanyDeliveryDeps,
  entry: Extract<CompanyEntry, { kind: 'ready' }>,
  history: readonly MultiReportResult[],
  facts: RunFacts,
): Promise<EmailOutcome> => {
  const { company, report, problems } = entry;
  const target = { id: company.id, name: report.data.nombre, recipients: { to: company.to, cc: company.cc, bcc: company.bcc } };
  const companyHistory = historyOf(history, company.id);
  const lastYear = facts.lastYear?.companies.find((candidate) => candidate.data.id === company.id);
  const email = renderEmail(plan, target, () =>
    renderCompanyEmail({
      report,
      history: companyHistory,
      lastYear,
      benchmarks: facts.benchmarks,
      targets: company.targets,
      period: plan.period,
      group: plan.group,
      maxTableRows: deps.maxTableRows,
    }),
  );
  // The archive manifest names the IOBot data the email was rendered from (it may change later).
  const provenance = {
    dataHash: sha256(JSON.stringify({ report, history: companyHistory, ...(lastYear ? { lastYear } : {}) })),
    templateVersion: TEMPLATE_VERSION,
  };
  const outcome = isOutcome(email) ? email : await sendReportEmail(plan, deps, target, email, provenance);
  const missing = missingExchangeRates(report.adsBreakdown, currencyCode(report.data.feature_flags.currency), plan.group.exchangeRates);
  if (missing.length > 0) {
    deps.logger.warn('Exchange rate missing: the email shows no ROAS or loss flags for these ads', {
      company: company.id,
      missingExchangeRates: missing,
    });
  }
  return {
    ...outcome,
    ...(problems.length > 0 ? { problems } : {}),
    ...(missing.length > 0 ? { missingExchangeRates: missing } : {}),
  };
};

export const deliverCompanies = async (
  plan: RunPlan,
  deps: CompanyDeliveryDeps,
  entries: readonly CompanyEntry[],
  history: readonly MultiReportResult[],
  pool: SendPool = createSendPool(deps.sendConcurrency),
  facts: RunFacts = {},
): Promise<EmailOutcome[]> => {
  const { logger } = deps;
  const settle = (outcome: EmailOutcome): EmailOutcome => {
    const log =
      outcome.status === 'failed' || outcome.status === 'uncertain'
        ? logger.error
        : outcome.status === 'held' || outcome.status === 'deferred'
          ? logger.warn
          : logger.info;
    log.call(logger, `Company ${outcome.status}`, { company: outcome.companyId, outcome });
    return outcome;
  };
  return Promise.all(
    entries.map((entry) => {
      if (entry.kind === 'settled') return settle(entry.outcome);
      // Checked when the company's turn comes, not when it is queued: the pool starts it only then.
      return pool(async () =>
        settle(deps.budget.canStart() ? await deliverCompany(plan, deps, entry, history, facts) : deferred(plan, entry)),
      );
    }),
  );
};
