import { describe, expect, it } from 'vitest';
import { percentile, Samples } from './samples';

describe('percentile', () => {
  it('is the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(() => percentile([], 50)).toThrow(RangeError);
  });
});

describe('Samples', () => {
  it('summarizes exactly below its capacity, and skips non-finite values', () => {
    const samples = new Samples();
    expect(samples.summary()).toBeUndefined();
    for (const value of [5, 1, 4, 2, 3, NaN, Infinity]) samples.add(value);
    expect(samples.summary()).toEqual({ count: 5, p50: 3, p95: 5, p99: 5, max: 5 });
  });

  it('keeps a bounded reservoir past its capacity, with exact count and max', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const samples = new Samples(1000, random);
    for (let i = 1; i <= 100_000; i++) samples.add(i % 1000);
    samples.add(5000);
    const summary = samples.summary()!;
    expect(summary.count).toBe(100_001);
    expect(summary.max).toBe(5000);
    // Uniform 0..999: the reservoir's median is near 500.
    expect(summary.p50).toBeGreaterThan(400);
    expect(summary.p50).toBeLessThan(600);
  });
});
