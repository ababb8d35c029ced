/**
 * Re-send from the archive (console event `"fromArchive": true`): for the chosen companies (and the
 * group summary on a full run), to each person still configured for them (or each tester of
 * `redirectTo`, their own copy), exactly the message the ledger records as sent to that person: its
 * archive key and sha256 come from the ledger, never from S3's listing. IOBot is not called and nothing
 * is rendered again, so a lost email comes back with the numbers it had. Each re-send is appended to
 * the person's ledger item, and goes with the configuration set and that item's tags, so its bounces and
 * complaints reach the ledger like the original's.
 */
import { randomUUID } from 'node:crypto';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Recipients } from '../../config/config-schema.ts';
import type { DeliveryDeps } from '../../delivery/deliver-email.ts';
import { sha256 } from '../../delivery/email-archive.ts';
import { messageTags } from '../../delivery/message-tags.ts';
import { SendError } from '../../delivery/ses-sender.ts';
import { personHash, type LedgerKey } from '../../ledger/send-ledger.ts';
import { redirectArchivedMessage } from './redirect-archived-message.ts';
import { InvalidInputError } from '../../shared/invalid-input-error.ts';
import type { SuppressionList } from '../../shared/suppression-list.ts';
import { peopleOf, recipientsFor, type Person, type RunPlan } from '../run-plan.ts';
import { combinePeople, type EmailOutcome, type PersonOutcome, type RunSummary } from '../run-summary.ts';
import { summarizeRun } from '../summarize-run.ts';

export type ResendDeps = Pick<DeliveryDeps, 'sender' | 'ledger' | 'archive' | 'sendRaw' | 'configurationSet' | 'throttle' | 'logger'> & {
  suppressions: Pick<SuppressionList, 'addresses'>;
  metrics: Metrics;
  /**
   * The invocation's request id (the same on Lambda's retries of one event): each person's re-send to
   * each destination happens at most once per request. Without one, every call is a new request.
   */
  requestId?: string | undefined;
};

type Target = number | 'summary';

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * What the ledger says went out to this person: the archive folder and the sha256 of its message.eml.
 * Only that is re-sent, never "the newest folder marked sent": S3 alone decides nothing.
 */
const recordedSend = async (deps: ResendDeps, key: LedgerKey) => {
  const state = await deps.ledger.read(key);
  const sent = state?.status === 'sent' ? state.attempt : undefined;
  if (!sent?.archiveKey || !sent.messageSha256) return undefined;
  return { archiveKey: sent.archiveKey, sha256: sent.messageSha256, claimId: sent.claimId };
};

/** One person's re-send: their recorded message, to them (or each tester its own copy, link voided). */
const resendToPerson = async (deps: ResendDeps, plan: RunPlan, target: Target, person: Person): Promise<PersonOutcome> => {
  const base = { address: person.address, field: person.field };
  const key: LedgerKey = { group: plan.group.name, month: plan.period.month, target, recipientsHash: personHash(person.address) };
  try {
    const recorded = await recordedSend(deps, key);
    if (!recorded)
      return { ...base, status: 'failed', reason: `the send ledger records no sent message of ${plan.period.month} for this person` };
    const archived = await deps.archive.read(recorded.archiveKey);
    if (sha256(archived.raw) !== recorded.sha256) {
      return {
        ...base,
        status: 'failed',
        reason: `archive ${recorded.archiveKey} does not hold the bytes the ledger recorded (sha256 differs); not re-sent`,
      };
    }
    const testers = plan.redirectTo ?? [];
    if (plan.dryRun) return { ...base, status: 'skipped', reason: `dry run: would re-send ${recorded.archiveKey}` };
    const copies = plan.redirectTo
      ? testers.map((tester) => ({
          destinations: [tester],
          // A tester's copy must not carry the customer's To line or their working unsubscribe link.
          raw: redirectArchivedMessage(archived.raw, {
            to: [tester],
            redirectedFrom: [person.field === 'bcc' ? 'a Bcc recipient' : person.address],
          }),
        }))
      : [{ destinations: [person.address], raw: archived.raw }];
    // A testers' copy is no delivery to the company: its events stay off the person's item.
    const tags = plan.redirectTo ? undefined : messageTags({ key, claimId: recorded.claimId, resend: true });
    const messageIds: string[] = [];
    const requestId = deps.requestId ?? randomUUID();
    for (const copy of copies) {
      const destination = copy.destinations[0] ?? '';
      if (!(await deps.ledger.markResending(key, requestId, destination))) {
        deps.logger.warn('Re-send skipped: this request already re-sent it', { company: target });
        continue;
      }
      await deps.throttle();
      const { messageId } = await deps
        .sendRaw({
          source: deps.sender.address,
          destinations: copy.destinations,
          raw: copy.raw,
          configurationSet: deps.configurationSet,
          ...(tags ? { tags } : {}),
        })
        .catch(async (error: unknown) => {
          // SES answered that it did not take it: the mark goes, so the request's retry re-sends it. Without
          // an answer it may have gone out, and the mark stays.
          if (error instanceof SendError && error.answered) {
            await deps.ledger.unmarkResending(key, requestId, destination).catch((unmarkError: unknown) => {
              deps.logger.error('Could not take the re-send mark back: a retry of this event skips this copy; send a new event', {
                company: target,
                error: errorMessage(unmarkError),
              });
            });
          }
          throw error;
        });
      messageIds.push(messageId);
      const resend = { at: new Date().toISOString(), messageId, archiveKey: recorded.archiveKey, destinations: copy.destinations };
      await deps.ledger.recordResend(key, recorded.claimId, resend).catch((error: unknown) => {
        deps.logger.error('Re-sent, but the send ledger could not record it', { company: target, messageId, error: errorMessage(error) });
      });
    }
    if (messageIds.length === 0) {
      return { ...base, status: 'skipped', reason: `already re-sent by this request (${requestId}) from archive ${recorded.archiveKey}` };
    }
    return { ...base, status: 'sent', messageId: messageIds[0] ?? '', reason: `re-sent from archive ${recorded.archiveKey}` };
  } catch (error) {
    // Unanswered, SES may have taken it: never re-sent by this request's retry, so it is uncertain, not failed.
    if (error instanceof SendError && !error.answered) {
      return { ...base, status: 'uncertain', reason: `re-send from archive may have gone out: ${errorMessage(error)}` };
    }
    return { ...base, status: 'failed', reason: `re-send from archive failed: ${errorMessage(error)}` };
  }
};

/**
 * A target's re-send: to each person still configured for it (the ledger's record of what went to
 * them), never to an address that is only in an old manifest; who unsubscribed since is skipped.
 */
const resendOne = async (deps: ResendDeps, plan: RunPlan, target: Target, configured: Recipients): Promise<EmailOutcome> => {
  const suppressed = plan.redirectTo ? new Set<string>() : await deps.suppressions.addresses(plan.group.name);
  const people = await Promise.all(
    peopleOf({ people: plan.people }, configured).map((person) =>
      suppressed.has(person.address.toLowerCase())
        ? Promise.resolve<PersonOutcome>({ ...person, status: 'skipped', unsubscribed: true, reason: 'unsubscribed' })
        : resendToPerson(deps, plan, target, person),
    ),
  );
  return { companyId: target, recipients: recipientsFor(plan, configured), people, ...combinePeople(people) };
};

/** Throws InvalidInputError when the ledger records nothing sent for the month; otherwise one outcome per target. */
export const resendFromArchive = async (plan: RunPlan, deps: ResendDeps): Promise<RunSummary> => {
  const { group, period } = plan;
  const chosen = plan.companies ? group.companies.filter((company) => plan.companies?.includes(company.id)) : group.companies;
  const targets: { id: Target; recipients: Recipients }[] = [
    ...chosen.map((company) => ({ id: company.id, recipients: { to: company.to, cc: company.cc, bcc: company.bcc } })),
    ...(!plan.companies && plan.summary && group.summaryRecipients
      ? [{ id: 'summary' as const, recipients: group.summaryRecipients }]
      : []),
  ];
  const outcomes: EmailOutcome[] = [];
  for (const target of targets) {
    const outcome = await resendOne(deps, plan, target.id, target.recipients).catch(
      (error: unknown): EmailOutcome => ({ companyId: target.id, status: 'failed', reason: `re-send failed: ${errorMessage(error)}` }),
    );
    deps.logger.info(`Re-send ${outcome.status}`, { company: target.id, outcome });
    outcomes.push(outcome);
  }
  const recordedNothing = outcomes.every((outcome) =>
    (outcome.people ?? []).every(
      (person) => person.status === 'failed' && person.reason?.startsWith('the send ledger records no sent message'),
    ),
  );
  if (recordedNothing) {
    throw new InvalidInputError(
      `Nothing of group "${group.name}" ${period.month} is recorded as sent in the send ledger (${targets.map((target) => target.id).join(', ')}): ` +
        'run it normally instead of "fromArchive".',
    );
  }
  const companies = outcomes.filter((outcome) => outcome.companyId !== 'summary');
  return summarizeRun(
    plan,
    companies,
    outcomes.find((outcome) => outcome.companyId === 'summary'),
    deps.metrics,
  );
};
