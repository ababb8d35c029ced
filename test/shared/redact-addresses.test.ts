import { describe, expect, it } from 'vitest';
import { redactAddresses } from '../../functions/shared/redact-addresses.ts';

describe('redactAddresses', () => {
  it('replaces every address, in brackets, lists or plain text, and leaves the rest', () => {
    expect(redactAddresses('to <a.b+c@x.example.com>, d@e.hn; sent at 10:00 (f@g.co)')).toBe(
      'to <<address>>, <address>; sent at 10:00 (<address>)',
    );
  });

  it('leaves text without an address alone', () => {
    expect(redactAddresses('SES InternalFailure: boom @ 10:00')).toBe('SES InternalFailure: boom @ 10:00');
  });
});
