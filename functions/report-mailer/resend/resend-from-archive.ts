/**
 * Re-send from the archive (console event `"fromArchive": true`): the exact bytes archived for a month,
 * for the chosen companies (and the group summary on a full run), to their original recipients or to
 * `redirectTo`. IOBot is not called and nothing is rendered again, so a lost email comes back with the
 * numbers it had, even if IOBot's data changed since. Each re-send is appended to the original send's
 * ledger item, and goes with the configuration set and that item's tags, so its bounces and complaints
 * reach the ledger like the original's.
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { envelopeRecipients } from '../../delivery/compose-message.ts';
import type { DeliveryDeps } from '../../delivery/deliver-email.ts';
import type { ArchivedEmail } from '../../delivery/email-archive.ts';
import { messageTags } from '../../delivery/message-tags.ts';
import type { LedgerKey } from '../../ledger/send-ledger.ts';
import { redirectArchivedMessage } from './redirect-archived-message.ts';
import { dropAddresses } from '../../delivery/unsubscribe-headers.ts';
import { InvalidInputError } from '../../shared/invalid-input-error.ts';
import type { SuppressionList } from '../../shared/suppression-list.ts';
import { recipientsFor, type RunPlan } from '../run-plan.ts';
import type { EmailOutcome, RunSummary } from '../run-summary.ts';
import { summarizeRun } from '../summarize-run.ts';

export type ResendDeps = Pick<DeliveryDeps, 'sender' | 'ledger' | 'archive' | 'sendRaw' | 'configurationSet' | 'throttle' | 'logger'> & {
  suppressions: Pick<SuppressionList, 'addresses'>;
  metrics: Metrics;
};

type Target = number | 'summary';

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The newest archived email of a target that really went to its configured recipients: attempts SES
 * refused (`not-sent`) and redirected test copies are not what the company received.
 */
const latestOriginal = async (deps: ResendDeps, plan: RunPlan, target: Target): Promise<ArchivedEmail | undefined> => {
  const folders = await deps.archive.list(plan.group.name, plan.period.month, target);
  for (const folder of folders.reverse()) {
    const archived = await deps.archive.read(folder);
    if (archived.manifest.status === 'sent' && !archived.manifest.redirectedFrom) return archived;
  }
  return undefined;
};

/**
 * The tags of the original send (its item and claim), marked as a re-send so its events never settle
 * the original. None when the item now records another send (forced to another list) or is gone.
 */
const originalTags = async (deps: ResendDeps, key: LedgerKey) => {
  const original = await deps.ledger.read(key).catch((error: unknown) => {
    deps.logger.warn('Send ledger unreadable: the re-send goes without tags, its SES events are not recorded', {
      company: key.target,
      error: errorMessage(error),
    });
    return undefined;
  });
  if (!original?.claimId || original.recipientsHash !== key.recipientsHash) return undefined;
  return messageTags({ key, claimId: original.claimId, resend: true });
};

const resendOne = async (deps: ResendDeps, plan: RunPlan, target: Target, archived: ArchivedEmail): Promise<EmailOutcome> => {
  const { manifest } = archived;
  const outcome: EmailOutcome = { companyId: target, status: 'failed', subject: manifest.subject };
  try {
    // Who unsubscribed since the original send does not get it again (a redirect goes to testers).
    const recipients = plan.redirectTo
      ? recipientsFor(plan, manifest.recipients)
      : dropAddresses(manifest.recipients, await deps.suppressions.addresses(plan.group.name));
    outcome.recipients = recipients;
    const destinations = envelopeRecipients(recipients);
    if (destinations.length === 0) return { ...outcome, status: 'skipped', reason: 'every recipient unsubscribed' };
    if (plan.dryRun) return { ...outcome, status: 'skipped', reason: `dry run: would re-send ${archived.prefix}` };
    await deps.throttle();
    // A tester's copy must not carry the customer's To line or their working unsubscribe link.
    const raw = plan.redirectTo
      ? redirectArchivedMessage(archived.raw, {
          to: plan.redirectTo,
          redirectedFrom: [...manifest.recipients.to, ...manifest.recipients.cc],
        })
      : archived.raw;
    const key = { group: manifest.group, month: manifest.month, target, recipientsHash: manifest.recipientsHash };
    // A testers' copy is no delivery to the company: its events stay off the company's item.
    const tags = plan.redirectTo ? undefined : await originalTags(deps, key);
    const { messageId } = await deps.sendRaw({
      source: deps.sender.address,
      destinations,
      raw,
      configurationSet: deps.configurationSet,
      ...(tags ? { tags } : {}),
    });
    const resend = { at: new Date().toISOString(), messageId, archiveKey: archived.prefix, destinations };
    const recorded = await deps.ledger.recordResend(key, resend).catch((error: unknown) => {
      deps.logger.error('Re-sent, but the send ledger could not record it', { company: target, messageId, error: errorMessage(error) });
      return false;
    });
    const note = recorded ? '' : ' (not recorded: the ledger has no item for the original send)';
    return { ...outcome, status: 'sent', messageId, reason: `re-sent from archive ${archived.prefix}${note}` };
  } catch (error) {
    return { ...outcome, reason: `re-send from archive ${archived.prefix} failed: ${errorMessage(error)}` };
  }
};

/** Throws InvalidInputError when nothing of the month was ever archived; otherwise one outcome per target. */
export const resendFromArchive = async (plan: RunPlan, deps: ResendDeps): Promise<RunSummary> => {
  const { group, period } = plan;
  const companyIds = plan.companies ?? group.companies.map((company) => company.id);
  const targets: Target[] = [...companyIds, ...(!plan.companies && plan.summary && group.summaryRecipients ? ['summary' as const] : [])];

  const found = new Map<Target, ArchivedEmail | Error | undefined>();
  for (const target of targets) {
    found.set(target, await latestOriginal(deps, plan, target).catch((error: unknown) => new Error(errorMessage(error))));
  }
  if ([...found.values()].every((entry) => entry === undefined)) {
    throw new InvalidInputError(
      `Nothing archived for group "${group.name}" ${period.month} (${targets.join(', ')}): that month was never sent ` +
        'with the archive (or not to the configured recipients); run it normally instead of "fromArchive".',
    );
  }

  const outcomes: EmailOutcome[] = [];
  for (const target of targets) {
    const archived = found.get(target);
    const outcome =
      archived === undefined
        ? {
            companyId: target,
            status: 'failed' as const,
            reason: `no archived email of ${period.month} for ${target} that went to its recipients`,
          }
        : archived instanceof Error
          ? { companyId: target, status: 'failed' as const, reason: `archive unreadable: ${archived.message}` }
          : await resendOne(deps, plan, target, archived);
    deps.logger.info(`Re-send ${outcome.status}`, { company: target, outcome });
    outcomes.push(outcome);
  }

  const companies = outcomes.filter((outcome) => outcome.companyId !== 'summary');
  return summarizeRun(
    plan,
    companies,
    outcomes.find((outcome) => outcome.companyId === 'summary'),
    deps.metrics,
  );
};
