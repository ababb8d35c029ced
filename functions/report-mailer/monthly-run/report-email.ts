/**
 * One rendered email through this run's mode: a dry run stops after rendering, a redirect swaps the
 * recipients, everything else goes to delivery. The answer is the email's line in the run summary.
 */
import type { Recipients } from '../../config/config-schema.ts';
import { deliverEmail, type DeliveryDeps, type DeliveryRequest } from '../../delivery/deliver-email.ts';
import { recipientsHash } from '../../ledger/send-ledger.ts';
import type { RenderedEmail } from '../../report/company/render-company-email.ts';
import { addressEmail, type AddressingDeps } from './addressing.ts';
import { recipientsFor, type RunPlan } from '../run-plan.ts';
import type { EmailOutcome } from '../run-summary.ts';

/** A company's report or the group summary, with its configured recipients. */
export interface EmailTarget {
  id: number | 'summary';
  name: string;
  recipients: Recipients;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const baseOutcome = (plan: RunPlan, target: EmailTarget): EmailOutcome => ({
  companyId: target.id,
  name: target.name,
  status: 'failed',
  recipients: recipientsFor(plan, target.recipients),
});

/** Renders, turning a throw into the email's `failed` outcome instead of ending the run. */
export const renderEmail = (plan: RunPlan, target: EmailTarget, render: () => RenderedEmail): RenderedEmail | EmailOutcome => {
  try {
    return render();
  } catch (error) {
    return { ...baseOutcome(plan, target), reason: `rendering failed: ${errorMessage(error)}` };
  }
};

/** Delivery plus who may still receive reports and how they unsubscribe. */
export type ReportEmailDeps = DeliveryDeps & AddressingDeps;

/**
 * Records that nobody was left to send to, so the watchdog counts the month as accounted for instead of
 * missing. One conditional write, only for such an email; its failure is noted, never the run's outcome.
 */
const recordAllUnsubscribed = (plan: RunPlan, deps: ReportEmailDeps, target: EmailTarget, addresses: string[]): Promise<string> =>
  deps.ledger
    .recordUnsubscribed(
      { group: plan.group.name, month: plan.period.month, target: target.id, recipientsHash: recipientsHash(target.recipients) },
      { addresses },
    )
    .then(() => '')
    .catch((error: unknown) => {
      deps.logger.error('Could not record in the send ledger that every recipient unsubscribed', {
        company: target.id,
        error: errorMessage(error),
      });
      return ` (not recorded in the send ledger: ${errorMessage(error)})`;
    });

export const isOutcome = (value: RenderedEmail | EmailOutcome): value is EmailOutcome => 'status' in value;

export const sendReportEmail = async (
  plan: RunPlan,
  deps: ReportEmailDeps,
  target: EmailTarget,
  email: RenderedEmail,
  provenance?: DeliveryRequest['provenance'],
): Promise<EmailOutcome> => {
  const rendered: EmailOutcome = { ...baseOutcome(plan, target), subject: email.subject, htmlBytes: Buffer.byteLength(email.html) };
  if (plan.dryRun) return { ...rendered, status: 'skipped', reason: 'dry run: rendered, not sent' };

  const addressed = await addressEmail(plan, recipientsFor(plan, target.recipients), email, deps).catch(
    (error: unknown) => new Error(errorMessage(error)),
  );
  if (addressed instanceof Error) return { ...rendered, reason: `suppression list or unsubscribe key unavailable: ${addressed.message}` };
  if (addressed.kind === 'all-suppressed') {
    const note = await recordAllUnsubscribed(plan, deps, target, addressed.suppressed);
    return {
      ...rendered,
      status: 'skipped',
      allUnsubscribed: true,
      reason: `every recipient unsubscribed: ${addressed.suppressed.join(', ')}${note}`,
    };
  }
  const result = await deliverEmail(
    {
      key: { group: plan.group.name, month: plan.period.month, target: target.id },
      recipients: recipientsFor(plan, target.recipients),
      redirectedFrom: plan.redirectTo ? target.recipients : undefined,
      email: addressed.email,
      force: plan.force,
      provenance,
      headers: addressed.headers,
      suppressed: addressed.suppressed,
    },
    deps,
  );
  return { ...rendered, recipients: addressed.recipients, htmlBytes: Buffer.byteLength(addressed.email.html), ...result };
};
