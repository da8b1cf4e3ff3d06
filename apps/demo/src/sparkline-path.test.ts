import { describe, expect, it } from 'vitest';
import { formatBitrate, sparklinePath } from './sparkline-path';

describe('sparklinePath', () => {
  it('draws time left to right and the highest sample at the top', () => {
    const samples = [
      { at: 40_000, bitsPerSecond: 0 },
      { at: 70_000, bitsPerSecond: 2_000_000 },
      { at: 100_000, bitsPerSecond: 1_000_000 },
    ];
    expect(sparklinePath(samples, 120, 20)).toBe('M0 20 L60 0 L120 10');
  });

  it('leaves out samples older than the span', () => {
    const samples = [
      { at: 0, bitsPerSecond: 5 },
      { at: 1_000, bitsPerSecond: 5 },
      { at: 2_000, bitsPerSecond: 5 },
    ];
    expect(sparklinePath(samples, 100, 10, 1_000)).toBe('M0 0 L100 0');
  });

  it('draws nothing from fewer than two samples', () => {
    expect(sparklinePath([], 100, 10)).toBe('');
    expect(sparklinePath([{ at: 1, bitsPerSecond: 1 }], 100, 10)).toBe('');
  });
});

describe('formatBitrate', () => {
  it('uses Mbit/s from one megabit on', () => {
    expect(formatBitrate(2_449_000)).toBe('2.4 Mbit/s');
    expect(formatBitrate(640_400)).toBe('640 kbit/s');
  });
});
