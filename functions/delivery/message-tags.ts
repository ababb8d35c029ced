/**
 * The SES message tags that tie an email to its ledger item. SES echoes them in every event of the
 * message (`mail.tags`), so the delivery-events consumer finds the exact item, and the exact send: a
 * forced re-send gets a new claim id, so a late event of the earlier message never touches the new one.
 */
import type { LedgerKey } from '../ledger/ledger-state.ts';

export interface TaggedSend {
  key: LedgerKey;
  claimId: string;
  /**
   * A re-send of the archived bytes, tagged with the original email's item and claim so its bounces and
   * complaints land there; it proves nothing about the original send, so it never settles it.
   */
  resend?: boolean;
}

const TAG = {
  group: 'iobot-group',
  month: 'iobot-month',
  target: 'iobot-target',
  recipients: 'iobot-recipients',
  claim: 'iobot-claim',
  redirected: 'iobot-redirected',
  resend: 'iobot-resend',
  incomplete: 'iobot-incomplete',
} as const;

/**
 * SES tag values allow only [A-Za-z0-9_-] (at most 256 characters): every other byte of the UTF-8
 * form, and "_" itself, becomes "_" plus two hex digits, so decoding is exact.
 */
export const encodeTagValue = (value: string): string =>
  [...Buffer.from(value, 'utf8')]
    .map((byte) => (/[A-Za-z0-9-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `_${byte.toString(16).padStart(2, '0')}`))
    .join('');

export const decodeTagValue = (encoded: string): string => {
  const bytes: number[] = [];
  for (let index = 0; index < encoded.length; index += 1) {
    if (encoded[index] === '_') {
      bytes.push(Number.parseInt(encoded.slice(index + 1, index + 3), 16));
      index += 2;
    } else bytes.push(encoded.charCodeAt(index));
  }
  return Buffer.from(bytes).toString('utf8');
};

export const messageTags = ({ key, claimId, resend }: TaggedSend): { name: string; value: string }[] => [
  { name: TAG.group, value: encodeTagValue(key.group) },
  { name: TAG.month, value: encodeTagValue(key.month) },
  { name: TAG.target, value: encodeTagValue(String(key.target)) },
  { name: TAG.recipients, value: encodeTagValue(key.recipientsHash) },
  { name: TAG.claim, value: encodeTagValue(claimId) },
  // A redirected copy has its own item (see ledgerItemKey): the event must find that one.
  ...(key.redirected ? [{ name: TAG.redirected, value: '1' }] : []),
  ...(key.incomplete ? [{ name: TAG.incomplete, value: '1' }] : []),
  ...(resend ? [{ name: TAG.resend, value: '1' }] : []),
];

/** The send an SES event is about, from its `mail.tags`; undefined for mail this project did not send. */
export const taggedSendOf = (tags: Record<string, readonly string[] | undefined>): TaggedSend | undefined => {
  const read = (name: string) => {
    const value = tags[name]?.[0];
    return value === undefined || !/^[A-Za-z0-9_-]+$/.test(value) ? undefined : decodeTagValue(value);
  };
  const [group, month, target, recipients, claimId] = [
    read(TAG.group),
    read(TAG.month),
    read(TAG.target),
    read(TAG.recipients),
    read(TAG.claim),
  ];
  if (!group || !month || !target || !recipients || !claimId) return undefined;
  if (target !== 'summary' && !/^\d+$/.test(target)) return undefined;
  const key: LedgerKey = {
    group,
    month,
    target: target === 'summary' ? 'summary' : Number(target),
    recipientsHash: recipients,
    ...(read(TAG.redirected) === '1' ? { redirected: true } : {}),
    ...(read(TAG.incomplete) === '1' ? { incomplete: true } : {}),
  };
  return { key, claimId, ...(read(TAG.resend) === '1' ? { resend: true } : {}) };
};
