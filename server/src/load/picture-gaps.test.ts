import { describe, expect, it } from 'vitest';
import { PictureGaps } from './picture-gaps';

describe('PictureGaps', () => {
  it('learns the cadence of RTP timestamps and counts skipped pictures', () => {
    const gaps = new PictureGaps();
    for (const t of [0, 6000, 12000, 30000, 36000]) gaps.add(t);
    expect(gaps.missing).toBe(2);
    expect(gaps.pictures).toBe(5);
  });

  it('uses sample durations when it has them', () => {
    const gaps = new PictureGaps();
    gaps.add(0, 3000);
    gaps.add(3000, 3000);
    gaps.add(9000, 3000);
    gaps.add(12000, 3000);
    expect(gaps.missing).toBe(1);
  });

  it('does not count jitter or a jump back in time', () => {
    const gaps = new PictureGaps();
    for (const t of [0, 100, 190, 300, 420, 0, 100]) gaps.add(t);
    expect(gaps.missing).toBe(0);
  });
});
