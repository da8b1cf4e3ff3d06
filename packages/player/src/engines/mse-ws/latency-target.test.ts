import { describe, expect, it } from 'vitest';
import { LatencyTarget } from './latency-target';

describe('LatencyTarget', () => {
  it('starts from an assumed arrival gap', () => {
    expect(new LatencyTarget('lowest').value(0)).toBeCloseTo(0.32);
    expect(new LatencyTarget('balanced').value(0)).toBe(1);
    expect(new LatencyTarget('compatible').value(0)).toBe(2);
  });

  it('sits the margin over the largest recent arrival gap, never under the floor', () => {
    const target = new LatencyTarget('lowest');
    target.addArrivalGap(0.02, 0);
    expect(target.value(0)).toBe(0.2);
    target.addArrivalGap(0.15, 100);
    target.addArrivalGap(0.05, 200);
    expect(target.value(300)).toBeCloseTo(0.27);
  });

  it('forgets gaps after ten seconds', () => {
    const target = new LatencyTarget('lowest');
    target.addArrivalGap(0.6, 0);
    target.addArrivalGap(0.1, 9_000);
    expect(target.value(9_500)).toBeCloseTo(0.72);
    expect(target.value(10_500)).toBeCloseTo(0.22);
  });

  it('ignores nonsense gaps', () => {
    const target = new LatencyTarget('lowest');
    target.addArrivalGap(-1, 0);
    target.addArrivalGap(Number.NaN, 0);
    expect(target.value(0)).toBeCloseTo(0.32);
  });

  it('keeps the mode floor when gaps are small', () => {
    const target = new LatencyTarget('balanced');
    target.addArrivalGap(0.15, 0);
    expect(target.value(0)).toBe(1);
    target.addArrivalGap(0.9, 0);
    expect(target.value(0)).toBeCloseTo(1.2);
  });

  it('raises the target after stalls, up to a bound, for a minute', () => {
    const target = new LatencyTarget('lowest');
    target.addArrivalGap(0.1, 0);
    target.addStall(0);
    expect(target.value(0)).toBeCloseTo(0.32);
    for (let i = 1; i < 10; i++) target.addStall(i);
    expect(target.value(10)).toBeCloseTo(0.72);
    target.addArrivalGap(0.1, 61_000);
    expect(target.value(61_000)).toBeCloseTo(0.22);
  });
});
