import { describe, expect, it } from 'vitest';
import { RateMeter, RenderTimes } from './render-stats';

describe('RenderTimes', () => {
  it('gives nearest-rank percentiles of the window', () => {
    const times = new RenderTimes(100);
    for (let i = 1; i <= 100; i += 1) times.add(i);
    expect(times.percentile(50)).toBe(50);
    expect(times.percentile(95)).toBe(95);
    expect(times.percentile(100)).toBe(100);
  });

  it('forgets the oldest values once full', () => {
    const times = new RenderTimes(4);
    for (const ms of [100, 100, 100, 100, 1, 2, 3, 4]) times.add(ms);
    expect(times.count).toBe(4);
    expect(times.percentile(95)).toBe(4);
  });

  it('is 0 when empty', () => {
    expect(new RenderTimes().percentile(50)).toBe(0);
  });
});

describe('RateMeter', () => {
  it('measures frames per second between samples', () => {
    const meter = new RateMeter();
    expect(meter.sample(0, 1000)).toBeUndefined();
    expect(meter.sample(30, 2000)).toBe(30);
    expect(meter.sample(45, 2500)).toBe(30);
    expect(meter.sample(45, 2500)).toBeUndefined();
  });
});
