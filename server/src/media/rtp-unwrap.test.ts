import { describe, expect, it } from 'vitest';
import { RtpUnwrapper, serialDelta } from './rtp-unwrap';

describe('serialDelta', () => {
  it('measures forward and backward steps across the wrap', () => {
    expect(serialDelta(65535, 0, 16)).toBe(1);
    expect(serialDelta(0, 65535, 16)).toBe(-1);
    expect(serialDelta(10, 20, 16)).toBe(10);
    expect(serialDelta(2 ** 32 - 100, 50, 32)).toBe(150);
    expect(serialDelta(50, 2 ** 32 - 100, 32)).toBe(-150);
  });
});

describe('RtpUnwrapper', () => {
  it('extends u16 sequence numbers across several wraps', () => {
    const u = new RtpUnwrapper(16);
    const out: number[] = [];
    for (let i = 0; i < 3 * 65536; i += 1000) out.push(u.unwrap((65000 + i) % 65536));
    expect(out).toEqual(out.map((_, i) => 65000 + i * 1000));
  });

  it('extends u32 timestamps past 2^32 and keeps a late packet before the wrap', () => {
    const u = new RtpUnwrapper(32);
    expect(u.unwrap(2 ** 32 - 3000)).toBe(2 ** 32 - 3000);
    expect(u.unwrap(0)).toBe(2 ** 32);
    expect(u.unwrap(2 ** 32 - 1500)).toBe(2 ** 32 - 1500);
    expect(u.unwrap(3000)).toBe(2 ** 32 + 3000);
  });
});
