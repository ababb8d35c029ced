/**
 * One person's email in every vocabulary the project speaks about it, and how each reads in the
 * others: the one place to look up what a status means. The send ledger's state (ledger-state.ts) is
 * the record; a run's claim reads it (claim-verdict.ts) and delivery reports a result per person
 * (delivery/deliver-email.ts); a run combines its people into the email's outcome (report-mailer's
 * run-summary.ts) and counts it as a metric; the watchdog reads the ledger alone
 * (report-mailer/watchdog/verify-month.ts); the operator report turns the run's outcome or the
 * watchdog's status into advice with a console event (report-mailer/operator-report/). The wording
 * (reasons, the advice's Spanish) stays with its context; the statuses and their mapping are here.
 * Pure data: ledger/ sits below delivery/ and the report mailer, which read these tables.
 */
import type { ClaimResult } from './claim-verdict.ts';
import type { LedgerStatus } from './ledger-state.ts';

export type { LedgerStatus } from './ledger-state.ts';

/** One person's copy as a run's delivery reports it (`DeliveryResult`, the run summary's `PersonOutcome`). */
export type DeliveryStatus = 'sent' | 'skipped' | 'uncertain' | 'failed';

/**
 * One email (company or group summary) as a run reports it: its people's combined, or decided before
 * anyone's copy was tried. `held`: the data checks held the company; `deferred`: not started because
 * the invocation's time ran out (the next run sends it); `uncertain`: handed to SES without a recorded
 * answer, never re-sent automatically.
 */
export type OutcomeStatus = DeliveryStatus | 'held' | 'deferred';

/** One person's copy as the watchdog reads the ledger: its state, or `missing` (no item, or every claim given back). */
export type VerifiedStatus = Exclude<LedgerStatus, 'released'> | 'missing';

/**
 * The operator report's advice (report/operator-report.ts words each in the group's language).
 * Named after the status it is about; `summaryHeld` and `inProgress` are the two that are not.
 */
export type Advice = 'failed' | 'rejected' | 'held' | 'summaryHeld' | 'uncertain' | 'deferred' | 'missing' | 'inProgress';

/** What a claim that did not go through found (claim-verdict.ts), by its `outcome`. */
export type ClaimFinding = Exclude<ClaimResult, { outcome: 'claimed' }>['outcome'];

/** A delivery result's status and flags, without its reason (the wording is delivery's). */
export interface DeliveryReading {
  status: DeliveryStatus;
  /** SES refused it for good: recorded, so retries do not try again. */
  permanent?: true;
  /** Another live invocation holds the claim and reports the outcome. */
  inProgress?: true;
}

/** (a) What a run's delivery reports when its claim finds the person's email already taken or settled. */
export const DELIVERY_BY_CLAIM_FINDING = {
  'already-sent': { status: 'skipped' },
  'in-progress': { status: 'skipped', inProgress: true },
  uncertain: { status: 'uncertain' },
  rejected: { status: 'failed', permanent: true },
  /** Another forced run took over the same unanswered hand-over first: nothing was sent, run again. */
  contended: { status: 'failed' },
} as const satisfies Record<ClaimFinding, DeliveryReading>;

export interface EmailStateReading {
  /** What the state says about the person's email, in one line. */
  means: string;
  /**
   * What an unforced claim of a run does on it: `claim` (nothing blocks it: claim it and send), or what it finds ({@link DELIVERY_BY_CLAIM_FINDING} says what delivery reports).
   * `handing` is found `in-progress` while its lease is live; after it, `uncertain`.
   */
  claim: ClaimFinding | 'claim';
  /** (b) The watchdog's status of the person's copy. */
  verified: VerifiedStatus;
  /** The watchdog counts the email accounted for (no gap): it went out, or nobody is left to send to. */
  accountedFor: boolean;
  /** The operator report's advice when the watchdog finds it; none for an accounted-for email. */
  advice?: Advice;
}

/** Every state one person's email can be in, as the ledger holds it (`missing`: it holds nothing). */
export const EMAIL_STATES: Readonly<Record<LedgerStatus | 'missing', EmailStateReading>> = {
  missing: {
    means: 'no record: the run never reached it, failed before sending, the company was held, or a claim was given back',
    claim: 'claim',
    verified: 'missing',
    accountedFor: false,
    advice: 'missing',
  },
  released: {
    means: 'every claim of it was given back: it certainly did not reach SES (archive down, an answered refusal); the next run sends it',
    claim: 'claim',
    verified: 'missing',
    accountedFor: false,
    advice: 'missing',
  },
  handing: {
    means: 'a run claimed it and is handing it to SES, and has not recorded its answer yet (the lease is live)',
    claim: 'in-progress',
    verified: 'handing',
    accountedFor: false,
    advice: 'inProgress',
  },
  uncertain: {
    means: "handed to SES by a run that never recorded SES's answer (its lease ran out): maybe sent, never re-sent automatically",
    claim: 'uncertain',
    verified: 'uncertain',
    accountedFor: false,
    advice: 'uncertain',
  },
  sent: {
    means: 'SES accepted it: the month is sent to this person',
    claim: 'already-sent',
    verified: 'sent',
    accountedFor: true,
  },
  rejected: {
    means: 'SES refused it for good (unverified address, rejected content): retrying the same email cannot help',
    claim: 'rejected',
    verified: 'rejected',
    accountedFor: false,
    advice: 'rejected',
  },
  unsubscribed: {
    means: 'the person had unsubscribed when a run reached it: nothing to send (a run after they subscribe again sends)',
    claim: 'claim',
    verified: 'unsubscribed',
    accountedFor: true,
  },
};

/** The watchdog's order, least settled first: an email's status when its people's differ. */
export const VERIFIED_PRECEDENCE: readonly VerifiedStatus[] = ['missing', 'rejected', 'uncertain', 'handing', 'sent', 'unsubscribed'];

/** A run's order, most urgent first: an email's status from its people's (none of them: `skipped`). */
export const DELIVERY_PRECEDENCE: readonly DeliveryStatus[] = ['failed', 'uncertain', 'sent', 'skipped'];

/** What the console event of an advice does: re-run the email, re-run it with `force`, or run the whole month. */
export type FixEvent = 'rerun' | 'force' | 'month';

/**
 * The console event each advice comes with. Only a settled-or-maybe-sent email needs `force`; the
 * summary goes out only with a full run of the month (a deferred one too).
 */
export const FIX_BY_ADVICE = {
  failed: 'rerun',
  rejected: 'force',
  held: 'rerun',
  summaryHeld: 'rerun',
  uncertain: 'force',
  deferred: 'month',
  missing: 'month',
  inProgress: 'rerun',
} as const satisfies Record<Advice, FixEvent>;

/** An email's run outcome, as much of it as its advice depends on. */
export interface OutcomeFlags {
  companyId: number | 'summary';
  permanent?: boolean | undefined;
  inProgress?: boolean | undefined;
}

export interface OutcomeReading {
  /** The CloudWatch metric a run counts it under (infra/ alarms on CompaniesFailed, CompaniesHeld, CompaniesUncertain). */
  metric: string;
  /** The operator report's advice for an email with this outcome; none when nothing needs doing. */
  advice: (outcome: OutcomeFlags) => Advice | undefined;
}

/** How each run outcome status reads: its metric (the stack alarms on three of them) and its operator advice. */
export const OUTCOME_STATUSES: Readonly<Record<OutcomeStatus, OutcomeReading>> = {
  sent: { metric: 'CompaniesSent', advice: () => undefined },
  // Already sent, unsubscribed or a dry run need nothing; another invocation's send is followed up.
  skipped: { metric: 'CompaniesSkipped', advice: (outcome) => (outcome.inProgress ? 'inProgress' : undefined) },
  failed: { metric: 'CompaniesFailed', advice: (outcome) => (outcome.permanent ? 'rejected' : 'failed') },
  held: { metric: 'CompaniesHeld', advice: (outcome) => (outcome.companyId === 'summary' ? 'summaryHeld' : 'held') },
  deferred: { metric: 'CompaniesDeferred', advice: () => 'deferred' },
  uncertain: { metric: 'CompaniesUncertain', advice: () => 'uncertain' },
};
