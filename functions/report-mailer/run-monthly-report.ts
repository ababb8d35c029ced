import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { composeMessage, envelopeRecipients } from '../delivery/compose-message.ts';
import type { Recipients, ReportGroup, RuntimeConfig } from '../config/config-schema.ts';
import { checkReport } from '../iobot/data-checks.ts';
import type { MultiReportResult } from '../iobot/iobot-client.ts';
import { monthBefore, type ReportPeriod } from '../shared/report-period.ts';
import type { CompanyReport } from '../iobot/report-schema.ts';
import type { RenderedEmail } from '../report/render-company-email.ts';
import { renderCompanyEmail } from '../report/render-company-email.ts';
import { renderGroupSummaryEmail } from '../report/group-summary.ts';
import type { SendRawEmail } from '../delivery/ses-sender.ts';
import { recipientsHash, type LedgerKey, type SendLedger } from '../delivery/send-ledger.ts';

export interface RunPlan {
  group: ReportGroup;
  period: ReportPeriod;
  /** Only these company ids (all configured companies when absent). */
  companies?: number[] | undefined;
  dryRun: boolean;
  redirectTo?: string[] | undefined;
  force: boolean;
  summary: boolean;
}

export interface ReportDeps {
  sender: RuntimeConfig['sender'];
  maxTableRows: number;
  fetchMonth: (period: ReportPeriod, includeBusinesses?: number[]) => Promise<MultiReportResult>;
  sendRaw: SendRawEmail;
  ledger: SendLedger;
  throttle: () => Promise<void>;
  logger: Logger;
  metrics: Metrics;
  /** Months of history fetched for comparisons and the trend (0 disables it). */
  historyMonths: number;
}

export type OutcomeStatus = 'sent' | 'skipped' | 'failed' | 'held';

export interface EmailOutcome {
  companyId: number | 'summary';
  name?: string;
  status: OutcomeStatus;
  recipients?: Recipients;
  subject?: string;
  messageId?: string;
  htmlBytes?: number;
  reason?: string;
  /** Data-check findings (held companies, or sent anyway when the group allows it). */
  problems?: string[];
}

export interface RunSummary {
  group: string;
  period: Pick<ReportPeriod, 'month' | 'timeZone' | 'startDate' | 'endDate'>;
  dryRun: boolean;
  force: boolean;
  redirectedTo?: string[];
  counts: Record<OutcomeStatus, number>;
  companies: EmailOutcome[];
  summaryEmail?: EmailOutcome;
}

const METRIC_BY_STATUS: Record<OutcomeStatus, string> = {
  sent: 'CompaniesSent',
  skipped: 'CompaniesSkipped',
  failed: 'CompaniesFailed',
  held: 'CompaniesHeld',
};

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Previous months for comparisons and the trend, most recent first. A month that cannot be fetched
 * ends the history there: the report goes out without the older comparisons rather than not at all.
 */
const fetchHistory = async (plan: RunPlan, deps: ReportDeps, ids: number[] | undefined): Promise<MultiReportResult[]> => {
  const months = Array.from({ length: deps.historyMonths }, (_, index) => monthBefore(plan.period, index + 1));
  const results = await Promise.allSettled(months.map((month) => deps.fetchMonth(month, ids)));
  const usable: MultiReportResult[] = [];
  for (const [index, result] of results.entries()) {
    if (result.status === 'rejected') {
      deps.logger.warn('History month unavailable; comparisons stop there', {
        historyMonth: months[index]?.month,
        error: errorMessage(result.reason),
      });
      break;
    }
    usable.push(result.value);
  }
  return usable;
};

const historyOf = (history: MultiReportResult[], id: number): (CompanyReport | undefined)[] =>
  history.map((month) => month.companies.find((company) => company.data.id === id));

interface Delivery {
  target: number | 'summary';
  name: string;
  recipients: Recipients;
  render: () => RenderedEmail;
}

export const runMonthlyReport = async (plan: RunPlan, deps: ReportDeps): Promise<RunSummary> => {
  const { group, period } = plan;
  const { logger, metrics } = deps;
  const configured = group.companies.filter((company) => !plan.companies || plan.companies.includes(company.id));
  const ids = plan.companies;

  const [current, history] = await Promise.all([
    (async () => {
      const result = await deps.fetchMonth(period, ids);
      metrics.addMetric('IobotApiLatency', MetricUnit.Milliseconds, result.latencyMs);
      logger.info('IOBot report fetched', { companies: result.companies.length, invalid: result.invalid.length, attempts: result.attempts, latencyMs: result.latencyMs });
      return result;
    })(),
    fetchHistory(plan, deps, ids),
  ]);

  const outcomes: EmailOutcome[] = [];
  const record = (outcome: EmailOutcome): void => {
    outcomes.push(outcome);
    const log = outcome.status === 'failed' ? logger.error : outcome.status === 'held' ? logger.warn : logger.info;
    log.call(logger, `Company ${outcome.status}`, { company: outcome.companyId, outcome });
  };

  const isConfigured = (id: number | undefined) => group.companies.some((company) => company.id === id);
  const NO_RECIPIENTS = 'no recipients configured for this company in the report group';

  // Entries IOBot sent that did not validate: that company fails (unless nobody gets it), the others go on.
  for (const entry of current.invalid) {
    const configuredEntry = entry.id === undefined || isConfigured(entry.id);
    record({
      companyId: entry.id ?? -1,
      ...(entry.nombre ? { name: entry.nombre } : {}),
      status: configuredEntry ? 'failed' : 'skipped',
      reason: configuredEntry ? entry.error : `${NO_RECIPIENTS} (and its data is malformed: ${entry.error})`,
    });
  }
  const invalidIds = new Set(current.invalid.map((entry) => entry.id));
  const byId = new Map(current.companies.map((report) => [report.data.id, report]));

  for (const report of current.companies) {
    if (!isConfigured(report.data.id)) {
      record({ companyId: report.data.id, name: report.data.nombre, status: 'skipped', reason: NO_RECIPIENTS });
    }
  }
  // Held numbers are not fit to mail, to the company or in the group summary.
  const held = new Set<number>();

  for (const company of configured) {
    if (invalidIds.has(company.id)) continue;
    const report = byId.get(company.id);
    if (!report) {
      record({ companyId: company.id, ...(company.label ? { name: company.label } : {}), status: 'failed', reason: `IOBot's answer has no data for company ${company.id}: is it still in the shared report group of business ${group.businessId}?` });
      continue;
    }
    const problems = checkReport(report);
    if (problems.length > 0 && !group.sendOnFailedChecks) {
      held.add(company.id);
      record({ companyId: company.id, name: report.data.nombre, status: 'held', reason: 'the numbers failed the consistency checks; not sent', problems });
      continue;
    }
    const outcome = await deliver(plan, deps, {
      target: company.id,
      name: report.data.nombre,
      recipients: { to: company.to, cc: company.cc, bcc: company.bcc },
      render: () =>
        renderCompanyEmail({
          report,
          history: historyOf(history, company.id),
          period,
          group,
          maxTableRows: deps.maxTableRows,
        }),
    });
    record(problems.length > 0 ? { ...outcome, problems } : outcome);
  }

  let summaryEmail: EmailOutcome | undefined;
  // A run for a subset of companies would mail a partial summary: only full runs send it.
  if (plan.summary && group.summaryRecipients && !plan.companies) {
    const included = group.companies
      .filter((company) => !held.has(company.id))
      .map((company) => byId.get(company.id))
      .filter((report): report is CompanyReport => report !== undefined);
    const previous = history[0];
    summaryEmail = await deliver(plan, deps, {
      target: 'summary',
      name: group.name,
      recipients: group.summaryRecipients,
      render: () =>
        renderGroupSummaryEmail({
          groupName: group.name,
          companies: included.map((report) => {
            const before = previous?.companies.find((company) => company.data.id === report.data.id);
            return before ? { report, previous: before } : { report };
          }),
          period,
          group,
        }),
    });
    logger.info(`Group summary ${summaryEmail.status}`, { outcome: summaryEmail });
  }

  const counts: Record<OutcomeStatus, number> = { sent: 0, skipped: 0, failed: 0, held: 0 };
  for (const outcome of [...outcomes, ...(summaryEmail ? [summaryEmail] : [])]) counts[outcome.status] += 1;
  for (const status of Object.keys(counts) as OutcomeStatus[]) {
    metrics.addMetric(METRIC_BY_STATUS[status], MetricUnit.Count, counts[status]);
  }

  return {
    group: group.name,
    period: { month: period.month, timeZone: period.timeZone, startDate: period.startDate, endDate: period.endDate },
    dryRun: plan.dryRun,
    force: plan.force,
    ...(plan.redirectTo ? { redirectedTo: plan.redirectTo } : {}),
    counts,
    companies: outcomes,
    ...(summaryEmail ? { summaryEmail } : {}),
  };
};

/** Render, claim, compose, send and record one email. Never throws: every failure is an outcome. */
const deliver = async (plan: RunPlan, deps: ReportDeps, delivery: Delivery): Promise<EmailOutcome> => {
  const recipients: Recipients = plan.redirectTo ? { to: plan.redirectTo, cc: [], bcc: [] } : delivery.recipients;
  const base: EmailOutcome = { companyId: delivery.target, name: delivery.name, status: 'failed', recipients };

  let email: RenderedEmail;
  try {
    email = delivery.render();
  } catch (error) {
    return { ...base, reason: `rendering failed: ${errorMessage(error)}` };
  }
  const rendered: EmailOutcome = { ...base, subject: email.subject, htmlBytes: Buffer.byteLength(email.html) };
  if (plan.dryRun) return { ...rendered, status: 'skipped', reason: 'dry run: rendered, not sent' };

  const key: LedgerKey = { group: plan.group.name, month: plan.period.month, target: delivery.target, recipientsHash: recipientsHash(recipients) };
  let claimId: string;
  try {
    const claim = await deps.ledger.claim(key, { force: plan.force });
    if (claim.outcome === 'already-sent') {
      return { ...rendered, status: 'skipped', messageId: claim.messageId, reason: `already sent to these recipients on ${claim.sentAt}; use "force": true to send again` };
    }
    if (claim.outcome === 'in-progress') {
      return { ...rendered, reason: `another invocation is sending this email (claim held until ${claim.leaseUntil}); re-run after that` };
    }
    claimId = claim.claimId;
  } catch (error) {
    return { ...rendered, reason: `send ledger unavailable: ${errorMessage(error)}` };
  }

  try {
    const raw = await composeMessage({
      from: deps.sender,
      replyTo: deps.sender.replyTo,
      ...recipients,
      subject: email.subject,
      html: email.html,
      text: email.text,
      attachments: email.attachments,
      headers: {
        'X-IOBot-Report': `${plan.group.name}/${plan.period.month}/${delivery.target}`,
        ...(plan.redirectTo ? { 'X-IOBot-Redirected-From': envelopeRecipients(delivery.recipients).join(', ') } : {}),
      },
    });
    await deps.throttle();
    const { messageId } = await deps.sendRaw({ source: deps.sender.address, destinations: envelopeRecipients(recipients), raw });
    try {
      await deps.ledger.markSent(key, claimId, { messageId, subject: email.subject });
    } catch (error) {
      // The email is out; say so loudly, because the ledger will not stop a re-send after the lease.
      deps.logger.error('Sent, but the send ledger could not record it', { company: delivery.target, messageId, error: errorMessage(error) });
    }
    return { ...rendered, status: 'sent', messageId };
  } catch (error) {
    await deps.ledger.release(key, claimId).catch((releaseError: unknown) => {
      deps.logger.error('Could not release the send claim', { company: delivery.target, error: errorMessage(releaseError) });
    });
    return { ...rendered, reason: errorMessage(error) };
  }
};
