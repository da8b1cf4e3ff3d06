import { describe, expect, it } from 'vitest';
import { ByteRate } from './byte-rate';

describe('ByteRate', () => {
  it('has no rate before half a second of samples', () => {
    const rate = new ByteRate();
    expect(rate.bitsPerSecond(0)).toBeUndefined();
    rate.add(1000, 0);
    expect(rate.bitsPerSecond(400)).toBeUndefined();
  });

  it('averages the bytes of the last three seconds', () => {
    const rate = new ByteRate();
    for (let t = 0; t <= 10_000; t += 100) rate.add(12_500, t);
    // 12.5 kB per 100 ms = 1 Mbit/s; the window holds 31 messages over 3 s.
    expect(rate.bitsPerSecond(10_000)).toBeCloseTo((31 * 12_500 * 8) / 3, -3);
  });

  it('falls to nothing when messages stop', () => {
    const rate = new ByteRate();
    rate.add(1000, 0);
    rate.add(1000, 1000);
    expect(rate.bitsPerSecond(5_000)).toBeUndefined();
  });
});
