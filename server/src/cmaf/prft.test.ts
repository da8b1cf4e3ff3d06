import { describe, expect, it } from 'vitest';
import { producerReferenceTime, unixMsToNtp } from './prft';
import { fromHex, hex } from './testing/box-reader';

describe('producerReferenceTime', () => {
  it('writes prft version 1 byte for byte (golden, computed by hand)', () => {
    const bytes = producerReferenceTime({
      referenceTrackId: 1,
      unixMs: 1_700_000_000_500,
      mediaTime: 2 ** 32,
    });
    // NTP seconds = 1_700_000_000 + 2_208_988_800 = 3_908_988_800 = 0xe8fe6f80; .5 s = 0x80000000.
    const expected = '00000020 70726674 01000000 00000001 e8fe6f80 80000000 00000001 00000000';
    expect(hex(bytes)).toBe(hex(fromHex(expected)));
  });

  it('carries the flags that say what the wall-clock time means', () => {
    const bytes = producerReferenceTime({ referenceTrackId: 2, unixMs: 0, mediaTime: 0, flags: 24 });
    expect(hex(bytes.subarray(8, 12))).toBe('01000018');
  });
});

describe('unixMsToNtp', () => {
  it('maps the Unix epoch to NTP second 2208988800', () => {
    expect(unixMsToNtp(0)).toEqual([2_208_988_800, 0]);
  });

  it('keeps sub-millisecond precision and carries a rounded-up fraction', () => {
    expect(unixMsToNtp(250.5)).toEqual([2_208_988_800, Math.round(0.2505 * 2 ** 32)]);
    expect(unixMsToNtp(999.99999999999)).toEqual([2_208_988_801, 0]);
  });

  it('wraps into NTP era 1 after 2036-02-07T06:28:16Z, as NTP does on the wire', () => {
    const eraEnd = (2 ** 32 - 2_208_988_800) * 1000;
    expect(unixMsToNtp(eraEnd)).toEqual([0, 0]);
  });
});
