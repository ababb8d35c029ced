/**
 * One rendered email through this run's mode: a dry run stops after rendering, a redirect swaps the
 * recipients for the testers, everything else goes to delivery, one message per person. The answer is
 * the email's line in the run summary, with each person's line under it.
 */
import type { Recipients } from '../../config/config-schema.ts';
import { deliverEmail, type DeliveryDeps, type DeliveryRequest } from '../../delivery/deliver-email.ts';
import { personHash } from '../../ledger/send-ledger.ts';
import type { RenderedEmail } from '../../report/company/render-company-email.ts';
import { addressPerson, alsoReceiving, peopleOf, type AddressingDeps, type Person } from './addressing.ts';
import { recipientsFor, type RunPlan } from '../run-plan.ts';
import { combinePeople, type EmailOutcome, type PersonOutcome } from '../run-summary.ts';

/** A company's report or the group summary, with its configured recipients. */
export interface EmailTarget {
  id: number | 'summary';
  name: string;
  recipients: Recipients;
  /** A group summary sent while companies are missing: its own ledger items (LedgerKey.incomplete). */
  incomplete?: boolean;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Which email of the month this is, as the ledger keys it (with a person: their item). */
const emailKey = (plan: RunPlan, target: EmailTarget) => ({
  group: plan.group.name,
  month: plan.period.month,
  target: target.id,
  ...(target.incomplete ? { incomplete: true } : {}),
});

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
 * Records that this person unsubscribed, so the watchdog counts their copy of the month as accounted
 * for instead of missing. One conditional write; its failure is noted, never the run's outcome.
 */
const recordUnsubscribed = (plan: RunPlan, deps: ReportEmailDeps, target: EmailTarget, person: Person): Promise<string> =>
  deps.ledger
    .recordUnsubscribed(
      { ...emailKey(plan, target), recipientsHash: personHash(person.address) },
      { addresses: [person.address.toLowerCase()] },
    )
    .then(() => '')
    .catch((error: unknown) => {
      deps.logger.error('Could not record in the send ledger that a recipient unsubscribed', {
        company: target.id,
        error: errorMessage(error),
      });
      return ` (not recorded in the send ledger: ${errorMessage(error)})`;
    });

export const isOutcome = (value: RenderedEmail | EmailOutcome): value is EmailOutcome => 'status' in value;

/**
 * One person's copy: skipped when they unsubscribed, else their own message through delivery, its footer
 * naming the other To and Cc people who still receive it.
 */
const sendToPerson = async (
  plan: RunPlan,
  deps: ReportEmailDeps,
  target: EmailTarget,
  email: RenderedEmail,
  person: Person,
  suppressed: ReadonlySet<string>,
  provenance: DeliveryRequest['provenance'],
): Promise<{ outcome: PersonOutcome; htmlBytes?: number }> => {
  const base = { address: person.address, field: person.field };
  if (suppressed.has(person.address.toLowerCase())) {
    const note = await recordUnsubscribed(plan, deps, target, person);
    return { outcome: { ...base, status: 'skipped', unsubscribed: true, reason: `unsubscribed from ${plan.group.name}${note}` } };
  }
  let addressed: ReturnType<typeof addressPerson<RenderedEmail>>;
  try {
    addressed = addressPerson(
      plan,
      person.address,
      email,
      deps.unsubscribe,
      alsoReceiving(plan, target.recipients, person.address, suppressed),
    );
  } catch (error) {
    return { outcome: { ...base, status: 'failed', reason: `unsubscribe key unusable: ${errorMessage(error)}` } };
  }
  const result = await deliverEmail(
    {
      key: emailKey(plan, target),
      person: person.address,
      redirectedFrom: plan.redirectTo ? target.recipients : undefined,
      email: addressed.email,
      force: plan.force,
      provenance,
      headers: addressed.headers,
    },
    deps,
  );
  return { outcome: { ...base, ...result }, htmlBytes: Buffer.byteLength(addressed.email.html) };
};

/**
 * The rendered email to each of its people (the testers on a redirected run), each their own message;
 * the email's outcome combines theirs. Rendering happened once, before: only the link and the "who else
 * receives it" line differ per person.
 */
export const sendReportEmail = async (
  plan: RunPlan,
  deps: ReportEmailDeps,
  target: EmailTarget,
  email: RenderedEmail,
  provenance?: DeliveryRequest['provenance'],
): Promise<EmailOutcome> => {
  const rendered: EmailOutcome = { ...baseOutcome(plan, target), subject: email.subject, htmlBytes: Buffer.byteLength(email.html) };
  if (plan.dryRun) return { ...rendered, status: 'skipped', reason: 'dry run: rendered, not sent' };

  // Testers of a redirected run receive their copy whatever the customers' unsubscribes say.
  const suppressed = plan.redirectTo
    ? new Set<string>()
    : await deps.suppressions.addresses(plan.group.name).catch((error: unknown) => new Error(errorMessage(error)));
  if (suppressed instanceof Error) return { ...rendered, reason: `suppression list unavailable: ${suppressed.message}` };
  const sent = await Promise.all(
    peopleOf(plan, target.recipients).map((person) => sendToPerson(plan, deps, target, email, person, suppressed, provenance)),
  );
  const people = sent.map(({ outcome }) => outcome);
  // The first person's copy as sent (their own link in it): the size the Gmail clipping budget is about.
  const htmlBytes = sent.find((entry) => entry.htmlBytes !== undefined)?.htmlBytes ?? rendered.htmlBytes;
  return { ...rendered, ...(htmlBytes === undefined ? {} : { htmlBytes }), people, ...combinePeople(people) };
};
