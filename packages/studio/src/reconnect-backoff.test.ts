import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './reconnect-backoff';

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, DEFAULT_BACKOFF));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 16_000]);
  });

  it('treats attempt 0 like the first', () => {
    expect(backoffDelay(0, { baseMs: 500, maxMs: 4000 })).toBe(500);
  });
});
