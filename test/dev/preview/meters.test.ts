import { describe, expect, it } from 'vitest';
import { GMAIL_CLIP_BYTES, sizeMeter } from '../../../dev/preview/meters.ts';

describe('sizeMeter', () => {
  it("measures UTF-8 bytes against Gmail's 102 KB clip", () => {
    // prepare: 2-byte characters, so characters and bytes differ
    const html = 'ñ'.repeat(1000);

    // act
    const meter = sizeMeter({ html }, 90_000);

    // assert
    expect(meter).toEqual({ bytes: 2000, clipBytes: 104_448, budgetBytes: 90_000, clipped: false });
  });

  it('says clipped one byte past the clip', () => {
    // act
    const at = sizeMeter({ html: 'a'.repeat(GMAIL_CLIP_BYTES) }, 90_000);
    const past = sizeMeter({ html: 'a'.repeat(GMAIL_CLIP_BYTES + 1) }, 90_000);

    // assert
    expect(at.clipped).toBe(false);
    expect(past.clipped).toBe(true);
  });
});
