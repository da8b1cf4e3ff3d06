import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelay } from './backoff';

describe('backoff', () => {
  const noJitter = () => 0.5;

  it('doubles from 500 ms and caps at 8 s', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, DEFAULT_BACKOFF, noJitter));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
  });

  it('spreads each delay by at most ±20 %', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0)).toBe(800);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0.999999)).toBe(1200);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(4, DEFAULT_BACKOFF);
      expect(d).toBeGreaterThanOrEqual(6400);
      expect(d).toBeLessThanOrEqual(9600);
    }
  });

  it('treats negative attempts as the first', () => {
    expect(backoffDelay(-3, DEFAULT_BACKOFF, noJitter)).toBe(500);
  });
});
