import { describe, expect, it } from 'vitest';
import { aheadOf, evictionEnd, gapJump, rangeAt } from './buffered-ranges';

const ranges = [
  { start: 10, end: 12 },
  { start: 12.5, end: 20 },
  { start: 40, end: 41 },
];

describe('buffered ranges', () => {
  it('finds the range holding a time, a little slack before its start', () => {
    expect(rangeAt(ranges, 11)).toBe(ranges[0]);
    expect(rangeAt(ranges, 12.47)).toBe(ranges[1]);
    expect(rangeAt(ranges, 12.2)).toBeUndefined();
    expect(rangeAt(ranges, 20)).toBeUndefined();
  });

  it('measures the buffer ahead, 0 in a hole', () => {
    expect(aheadOf(ranges, 11.5)).toBeCloseTo(0.5);
    expect(aheadOf(ranges, 30)).toBe(0);
    expect(aheadOf([], 0)).toBe(0);
  });

  it('jumps small holes: in one, or stuck at the end of a range', () => {
    expect(gapJump(ranges, 12.2, 3)).toBe(12.5);
    expect(gapJump(ranges, 11.95, 3)).toBe(12.5);
    expect(gapJump(ranges, 0, 12)).toBe(10);
  });

  it('does not jump while media lies ahead, nor to far ranges, nor past the last range', () => {
    expect(gapJump(ranges, 11, 3)).toBeUndefined();
    expect(gapJump(ranges, 19.95, 3)).toBeUndefined();
    expect(gapJump(ranges, 41, 3)).toBeUndefined();
    expect(gapJump(ranges, 0, 3)).toBeUndefined();
  });

  it('evicts in chunks, keeping the given time behind the playhead', () => {
    const long = [{ start: 100, end: 160 }];
    expect(evictionEnd(long, 135, 30, 10)).toBeUndefined();
    expect(evictionEnd(long, 141, 30, 10)).toBe(111);
    expect(evictionEnd([], 141, 30, 10)).toBeUndefined();
  });
});
