import { describe, expect, it } from 'vitest';
import { RecentSequences } from './recent-sequences';

describe('RecentSequences', () => {
  it('passes every first copy, in order and out of order, and stops repeats', () => {
    const recent = new RecentSequences();
    const seen = [10, 11, 13, 12, 11, 14, 13, 10].map((seq) => recent.firstSeen(7, seq));
    expect(seen).toEqual([true, true, true, true, false, true, false, false]);
  });

  it('follows the numbers across the 16-bit wrap', () => {
    const recent = new RecentSequences();
    const first = [65534, 65535, 0, 1].map((seq) => recent.firstSeen(7, seq));
    expect(first).toEqual([true, true, true, true]);
    expect([65535, 0].map((seq) => recent.firstSeen(7, seq))).toEqual([false, false]);
  });

  it('forgets a number 1,024 packets later, so the next lap of the numbering passes', () => {
    const recent = new RecentSequences();
    for (let seq = 0; seq < 70_000; seq++) expect(recent.firstSeen(7, seq & 0xffff)).toBe(true);
  });

  it('never takes a packet after a jump in the numbering for a repeat', () => {
    const recent = new RecentSequences();
    for (let seq = 100; seq < 200; seq++) recent.firstSeen(7, seq);
    // A publisher restarting its numbering elsewhere: all new.
    for (let seq = 40_000; seq < 40_100; seq++) expect(recent.firstSeen(7, seq)).toBe(true);
  });

  it('keeps sources apart: the same number from two SSRCs is two packets', () => {
    const recent = new RecentSequences();
    expect([1, 2, 3].map((seq) => recent.firstSeen(0xa, seq))).toEqual([true, true, true]);
    expect([1, 2, 3].map((seq) => recent.firstSeen(0xb, seq))).toEqual([true, true, true]);
    expect(recent.firstSeen(0xa, 2)).toBe(false);
    expect(recent.firstSeen(0xb, 3)).toBe(false);
  });
});
