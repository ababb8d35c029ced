import { describe, expect, it } from 'vitest';
import { decodeTagValue, encodeTagValue, messageTags, taggedSendOf } from '../../functions/delivery/message-tags.ts';

const asEventTags = (tags: { name: string; value: string }[]) => Object.fromEntries(tags.map((tag) => [tag.name, [tag.value]]));

describe('message tags', () => {
  it.each([['aquatec'], ['2026-04'], ['grupo_norte'], ['año 2026/ñ'], ['😀 summary']])(
    "encodes %j into SES's alphabet and back",
    (value) => {
      const encoded = encodeTagValue(value);

      expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeTagValue(encoded)).toBe(value);
    },
  );

  it('round-trips the ledger key and the claim through the tags an SES event carries', () => {
    const send = {
      key: { group: 'aquatec', month: '2026-04', target: 12, recipientsHash: '0123456789abcdef' },
      claimId: '4a7c6c1e-6f7e-4d1f-9d43-2b1e0c8c1f00',
    };

    expect(taggedSendOf(asEventTags(messageTags(send)))).toEqual(send);
    expect(taggedSendOf(asEventTags(messageTags({ ...send, key: { ...send.key, target: 'summary' } })))?.key.target).toBe('summary');
  });

  it('round-trips a redirected copy and a re-send, which the consumer routes differently', () => {
    const send = {
      key: { group: 'aquatec', month: '2026-04', target: 12, recipientsHash: '0123456789abcdef', redirected: true },
      claimId: 'c-1',
      resend: true,
    };

    expect(taggedSendOf(asEventTags(messageTags(send)))).toEqual(send);
  });

  it('ignores mail without our tags, or with tags that are not ours to read', () => {
    const tags = asEventTags(messageTags({ key: { group: 'g', month: '2026-04', target: 1, recipientsHash: 'abc' }, claimId: 'c' }));

    expect(taggedSendOf({ 'ses:configuration-set': ['other'] })).toBeUndefined();
    expect(taggedSendOf({ ...tags, 'iobot-target': ['not a number'] })).toBeUndefined();
    expect(taggedSendOf({ ...tags, 'iobot-claim': [] })).toBeUndefined();
  });
});
