import { describe, expect, it } from 'vitest';
import { fileType, segmentType } from './file-type';
import { fromHex, hex } from './testing/box-reader';

describe('fileType / segmentType', () => {
  it('writes styp for a segment start: msdh major, msdh cmfs compatible (golden)', () => {
    expect(hex(segmentType())).toBe(hex(fromHex('00000018 73747970 6d736468 00000000 6d736468 636d6673')));
  });

  it('takes other brand lists, the first being the major brand', () => {
    expect(hex(segmentType(['cmfl']))).toBe(hex(fromHex('00000014 73747970 636d666c 00000000 636d666c')));
    expect(hex(fileType(['isom']))).toBe(hex(fromHex('00000014 66747970 69736f6d 00000000 69736f6d')));
  });

  it('refuses an empty list or a brand that is not four characters', () => {
    expect(() => fileType([])).toThrow(RangeError);
    expect(() => segmentType(['cmf'])).toThrow(RangeError);
  });
});
