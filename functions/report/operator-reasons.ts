/**
 * The reasons of a run's outcomes in the group's language. The run writes its reasons in English, for
 * the logs and the console's answer (operators search those); the emails word them again at render
 * time: each known reason is recognised by its fixed words, and only what it carries (a date, a count,
 * SES's or IOBot's own message) goes into the translated sentence. SES, IOBot and AWS messages stay as
 * their senders wrote them: they are what the operator searches for. A reason no rule knows is shown
 * whole, labelled as technical detail, never dropped.
 */
import { DateTime } from 'luxon';
import { fill, formatMonth } from './format/format.ts';
import { locales, type Language } from './generated/templates.ts';

type OperatorStrings = (typeof locales)[Language]['operatorReport'];
export type ReasonKey = keyof OperatorStrings['reasons'];
type DetailKey = keyof OperatorStrings['details'];

interface Rule<Key> {
  pattern: RegExp;
  key: Key;
}

/**
 * Whole reasons, as functions/ writes them (report-mailer/monthly-run, delivery/deliver-email.ts,
 * report-mailer/resend, report-mailer/watchdog). The first match wins: keep the specific before the general.
 * Named groups fill the sentence: `at`/`until` are ISO times, `month` a "2026-04" month, `detail` a
 * message that the detail rules below word again; any other group is copied as it is.
 */
const REASONS: Rule<ReasonKey>[] = [
  // `reason` holds a whole reason worded by these rules again; `next`, a further line that is one.
  { pattern: /^not asked: IOBot refused page (?<page>\d+) \(companies [^)]*\) \((?<reason>[\s\S]*)\)$/, key: 'notAsked' },
  {
    pattern:
      /^IOBot answer has (?<count>\d+) entries for company (?<id>\d+) \((?<entries>[^\n]*)\): none of them is used, since which one is right cannot be told(?:\n(?<next>[\s\S]*))?$/,
    key: 'duplicateEntries',
  },
  {
    pattern: /^sent on (?<at>\S+)(?: \(message (?<message>[^)]+)\))?; SES refused a later forced copy \((?<detail>[\s\S]*)\)$/,
    key: 'sentThenRefused',
  },
  {
    pattern: /^sent on (?<at>\S+)(?: \(message (?<message>[^)]+)\))?; a later forced attempt was given up before SES$/,
    key: 'sentThenGivenUp',
  },
  {
    pattern: /^sent on (?<at>\S+)(?: \(message (?<message>[^)]+)\))?; a later forced copy was handed to SES without a recorded answer$/,
    key: 'sentThenUnanswered',
  },
  {
    pattern:
      /^handed to SES without a recorded answer on (?<at>\S+)(?: \(message (?<message>[^)]+)\))?; SES refused a later forced copy \((?<detail>[\s\S]*)\)$/,
    key: 'handedThenRefused',
  },
  {
    pattern:
      /^handed to SES without a recorded answer on (?<at>\S+)(?: \(message (?<message>[^)]+)\))?; a later forced attempt was given up before SES$/,
    key: 'handedThenGivenUp',
  },
  { pattern: /^the numbers failed the consistency checks; not sent$/, key: 'consistencyHeld' },
  { pattern: /^not started: this invocation's time ran out before its turn/, key: 'deferred' },
  {
    pattern: /^no recipients configured for this company in the report group \(and its data is malformed: (?<reason>[\s\S]*)\)$/,
    key: 'noRecipientsMalformed',
  },
  { pattern: /^no recipients configured for this company in the report group$/, key: 'noRecipients' },
  {
    pattern: /^IOBot's answer has no data for company (?<id>\d+): is it still in the shared report group of business (?<business>\d+)\?$/,
    key: 'noData',
  },
  {
    pattern: /^IOBot could not give page (?<page>\d+) \(companies (?<first>\d+)–(?<last>\d+) of the run, ids [^)]*\): (?<detail>[\s\S]*)$/,
    key: 'iobotPage',
  },
  // The first line alone (the group summary keeps only that): no issues after the colon.
  { pattern: /^IOBot answer for (?<where>\S+) does not match the report schema:?$/, key: 'schemaEntryShort' },
  { pattern: /^IOBot answer for (?<where>\S+) does not match the report schema:\s*(?<issues>[\s\S]*)$/, key: 'schemaEntry' },
  { pattern: /^already sent to this person on (?<at>\S+); use "force": true to send again$/, key: 'alreadySent' },
  {
    pattern:
      /^already sent to this person on (?<at>\S+) by this same forced event \(Lambda retried it\): forced once; a new event forces again$/,
    key: 'alreadySentThisRequest',
  },
  {
    pattern: /^another invocation holds this email's claim until (?<until>\S+) and is sending it; its run reports the outcome$/,
    key: 'inProgress',
  },
  { pattern: /^handed to SES on (?<at>\S+) by a run that never recorded SES's answer/, key: 'handedNoAnswer' },
  { pattern: /^handed to SES on (?<at>\S+) without a recorded answer$/, key: 'handedUnanswered' },
  { pattern: /^SES rejected this email permanently on (?<at>\S+) \((?<detail>[\s\S]*)\); not tried again:/, key: 'rejectedEarlier' },
  { pattern: /^another forced run took over the same unanswered hand-over first/, key: 'contended' },
  { pattern: /^send ledger unavailable: (?<detail>[\s\S]*)$/, key: 'ledgerUnavailable' },
  {
    pattern: /^SES accepted it \(message (?<id>[^)]+)\) but the send ledger could not record that \((?<detail>[\s\S]*)\); not sent again/,
    key: 'ledgerNotRecorded',
  },
  { pattern: /^(?<detail>[\s\S]*): SES never answered, so it may have gone out;/, key: 'sesNoAnswer' },
  { pattern: /^(?<detail>[\s\S]*) \(recorded: retries will not try again;/, key: 'sesRejected' },
  { pattern: /^rendering failed: (?<detail>[\s\S]*)$/, key: 'renderFailed' },
  { pattern: /^dry run: rendered, not sent$/, key: 'dryRun' },
  { pattern: /^dry run: would re-send (?<prefix>\S+)$/, key: 'dryRunResend' },
  { pattern: /^suppression list or unsubscribe key unavailable: (?<detail>[\s\S]*)$/, key: 'suppressionUnavailable' },
  {
    pattern: /^every recipient unsubscribed: (?<addresses>[^()]*?) \(not recorded in the send ledger: (?<detail>[\s\S]*)\)$/,
    key: 'allUnsubscribedUnrecorded',
  },
  { pattern: /^every recipient unsubscribed: (?<addresses>[\s\S]*)$/, key: 'allUnsubscribed' },
  { pattern: /^every recipient unsubscribed$/, key: 'allUnsubscribedPlain' },
  { pattern: /^waits for the (?<count>\d+) companies left for the next run, which sends it$/, key: 'summaryDeferred' },
  { pattern: /^not sent: no company of (?<month>\d{4}-\d{2}) is accounted for/, key: 'summaryNothing' },
  { pattern: /^not sent: (?<missing>\d+) of (?<total>\d+) companies are not accounted for/, key: 'summaryIncomplete' },
  {
    pattern: /^re-sent from archive (?<prefix>\S+) \(not recorded: the ledger has no item for the original send\)$/,
    key: 'resentUnrecorded',
  },
  { pattern: /^re-sent from archive (?<prefix>\S+)$/, key: 'resent' },
  { pattern: /^re-send from archive (?<prefix>\S+) failed: (?<detail>[\s\S]*)$/, key: 'resendFailed' },
  { pattern: /^no archived email of (?<month>\d{4}-\d{2}) for (?<target>\S+) that went to its recipients$/, key: 'noArchive' },
  { pattern: /^archive unreadable: (?<detail>[\s\S]*)$/, key: 'archiveUnreadable' },
  { pattern: /^no record in the send ledger: the run never reached it/, key: 'noRecord' },
  { pattern: /^claimed by a run that gave it back without sending it; the next run sends it$/, key: 'claimReleased' },
  {
    pattern: /^claimed by a run that stopped before handing it to SES \(claim expired (?<at>\S+)\); the next run sends it$/,
    key: 'claimExpired',
  },
  { pattern: /^unsubscribed \(found on (?<at>\S+)\): nothing to send$/, key: 'unsubscribedOn' },
];

/** The messages a reason carries: IOBot's and SES's errors, worded around their own text. */
const DETAILS: Rule<DetailKey>[] = [
  { pattern: /^IOBot answered 400 Bad Request: [\s\S]*?IOBot said: (?<said>[\s\S]*)$/, key: 'iobotBadRequest' },
  { pattern: /^IOBot answered (?<status>401|403): [\s\S]*?IOBot said: (?<said>[\s\S]*)$/, key: 'iobotRefused' },
  { pattern: /^IOBot answered (?<status>\d{3})\. IOBot said: (?<said>[\s\S]*)$/, key: 'iobotStatus' },
  {
    pattern: /^IOBot answered (?<status>\d{3}) with a body that is not valid JSON \((?<chars>\d+) characters\)$/,
    key: 'iobotInvalidJson',
  },
  { pattern: /^IOBot request to (?<url>\S+) failed: no answer within (?<ms>\d+) ms$/, key: 'iobotTimeout' },
  { pattern: /^IOBot request to (?<url>\S+) failed: network error: (?<error>[\s\S]*)$/, key: 'iobotNetwork' },
  { pattern: /^IOBot answer does not match the report schema:\s*(?<issues>[\s\S]*)$/, key: 'iobotSchema' },
  { pattern: /^archive unavailable, not sent: (?<error>[\s\S]*)$/, key: 'archiveUnavailable' },
  {
    pattern:
      /^IOBot answered (?<status>3\d\d) redirecting to (?<target>.+?); redirects are never followed \(the credentials go only to the configured API\), so check apiBaseUrl$/,
    key: 'iobotRedirect',
  },
  {
    pattern:
      /^IOBot's answer is larger than the limit of (?<bytes>[\d,]+) bytes \(IOBOT_MAX_RESPONSE_BYTES\); stopped reading it\. A real group's answer is far smaller: check the request's range and includeBusinesses$/,
    key: 'iobotTooLarge',
  },
  { pattern: /^SES accepted the message but returned no MessageId$/, key: 'sesNoMessageId' },
  { pattern: /^SES (?<name>[A-Z]\w+): (?<message>[\s\S]*)$/, key: 'ses' },
];

const ATTEMPTS = / \(after (\d+) attempts\)$/;

export interface ReasonWording {
  language: Language;
  /** Locale for words: month names, dates. */
  words: string;
  timeZone: string;
}

const match = <Key>(rules: Rule<Key>[], text: string): { key: Key; groups: Record<string, string> } | undefined => {
  for (const rule of rules) {
    const found = rule.pattern.exec(text);
    if (found) return { key: rule.key, groups: { ...found.groups } };
  }
  return undefined;
};

/** A time in the group's zone, as the rest of the report writes dates; what is not a time stays as it is. */
const timeIn = (iso: string, wording: ReasonWording): string => {
  const time = DateTime.fromISO(iso, { zone: wording.timeZone, locale: wording.words });
  return time.isValid ? time.toLocaleString(DateTime.DATETIME_MED) : iso;
};

/** IOBot's or SES's message worded in the group's language around its own text; unknown messages as they are. */
export const translateDetail = (detail: string, wording: ReasonWording): string => {
  const t = locales[wording.language].operatorReport;
  const attempts = ATTEMPTS.exec(detail);
  const message = attempts ? detail.slice(0, attempts.index) : detail;
  const found = match(DETAILS, message);
  const worded = found ? fill(t.details[found.key], found.groups) : message;
  return attempts ? `${worded}${fill(t.details.attempts, { count: attempts[1] ?? '' })}` : worded;
};

/** A reason a rule knows, worded; undefined when none does. */
const wordReason = (reason: string, wording: ReasonWording): string | undefined => {
  const t = locales[wording.language].operatorReport;
  const found = match(REASONS, reason);
  if (!found) return undefined;
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(found.groups)) {
    if (value === undefined) {
      values[name] = '';
      continue;
    }
    values[name] =
      name === 'at' || name === 'until'
        ? timeIn(value, wording)
        : name === 'month'
          ? formatMonth(value, wording.words, locales[wording.language].monthFormat)
          : name === 'detail'
            ? translateDetail(value, wording)
            : name === 'reason'
              ? (wordReason(value, wording) ?? translateDetail(value, wording))
              : name === 'message'
                ? fill(t.details.messageId, { id: value })
                : value;
  }
  const worded = fill(t.reasons[found.key], values);
  const next = found.groups['next'];
  return next === undefined ? worded : `${worded}\n${translateReason(next, wording)}`;
};

// One email per person: the run's reason names each person not sent ("cc x@y.com: …", run-summary.ts
// combinePeople), the watchdog's each person it reports ("x@y.com: …"); each person's reason is worded alone.
const PERSON = /(?:^|; )(?:(?<field>to|cc|bcc) )?(?<address>[^\s;:@]+@[^\s;:@]+): /g;

const byPerson = (reason: string): { field?: string | undefined; address: string; reason: string }[] | undefined => {
  const found = [...reason.matchAll(PERSON)];
  if (found.length === 0 || found[0]?.index !== 0) return undefined;
  return found.map((person, index) => ({
    field: person.groups?.['field'],
    address: person.groups?.['address'] ?? '',
    reason: reason.slice((person.index ?? 0) + person[0].length, found[index + 1]?.index ?? reason.length),
  }));
};

/** One outcome's reason in the group's language (see the module comment). */
export const translateReason = (reason: string, wording: ReasonWording): string => {
  const t = locales[wording.language].operatorReport;
  const people = byPerson(reason);
  if (people) {
    return people
      .map((person) => {
        const field = person.field ? `${t.personFields[person.field as keyof typeof t.personFields]} ` : '';
        return `${field}${person.address}: ${translateReason(person.reason, wording)}`;
      })
      .join('; ');
  }
  const worded = wordReason(reason, wording);
  if (worded !== undefined) return worded;
  const detail = translateDetail(reason, wording);
  return detail === reason ? fill(t.reasons.untranslated, { detail: reason }) : detail;
};
