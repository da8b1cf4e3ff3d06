import { describe, expect, it } from 'vitest';
import { SequenceGaps } from './sequence-gaps';

describe('SequenceGaps', () => {
  it('counts holes as lost once the window has passed them, or at the end', () => {
    const gaps = new SequenceGaps(4);
    for (const n of [1, 2, 4, 5]) gaps.add(n);
    expect(gaps.lost).toBe(0);
    for (const n of [6, 7, 8]) gaps.add(n);
    expect(gaps.lost).toBe(1); // 3 is more than 4 behind 8
    gaps.add(10);
    gaps.finish();
    expect(gaps.lost).toBe(2);
    expect(gaps.received).toBe(8);
  });

  it('counts a late packet as repaired, not lost', () => {
    const gaps = new SequenceGaps();
    for (const n of [1, 2, 4, 3, 5]) gaps.add(n);
    gaps.finish();
    expect(gaps.lost).toBe(0);
    expect(gaps.repaired).toBe(1);
  });

  it('follows the 16-bit wrap, and takes a big jump for a restart', () => {
    const gaps = new SequenceGaps(100);
    for (const n of [65534, 65535, 1, 2]) gaps.add(n);
    gaps.finish();
    expect(gaps.lost).toBe(1); // 0
    const restart = new SequenceGaps(100);
    for (const n of [10, 11, 20000, 20001]) restart.add(n);
    restart.finish();
    expect(restart.lost).toBe(0);
  });

  it('ignores duplicates', () => {
    const gaps = new SequenceGaps();
    for (const n of [1, 2, 2, 3]) gaps.add(n);
    gaps.finish();
    expect(gaps.lost).toBe(0);
    expect(gaps.repaired).toBe(0);
  });
});
