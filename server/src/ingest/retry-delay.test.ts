import { describe, expect, it } from 'vitest';
import { retryDelay } from './retry-delay';

describe('retryDelay', () => {
  it('doubles from the minimum up to the maximum', () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelay(n, 1000, 30_000, none))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });

  it('takes up to a fifth off at random, never more', () => {
    expect(retryDelay(3, 1000, 30_000, () => 1)).toBe(3200);
    expect(retryDelay(1, 1000, 30_000, () => 0.5)).toBe(900);
  });
});
