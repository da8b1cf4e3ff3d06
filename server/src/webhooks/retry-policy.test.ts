import { describe, expect, it } from 'vitest';
import { isDelivered, isRetryable, parseRetryAfter, retryDelayMs } from './retry-policy';

describe('webhook retry policy', () => {
  it('retries network failures, timeouts, 5xx and 429, not other 4xx', () => {
    expect(isRetryable({ kind: 'network', message: 'ECONNREFUSED' })).toBe(true);
    expect(isRetryable({ kind: 'timeout' })).toBe(true);
    for (const status of [500, 502, 503, 504, 429])
      expect(isRetryable({ kind: 'response', status })).toBe(true);
    for (const status of [400, 401, 403, 404, 410, 422]) {
      expect(isRetryable({ kind: 'response', status })).toBe(false);
    }
  });

  it('counts 2xx as delivered, nothing else', () => {
    expect(isDelivered({ kind: 'response', status: 200 })).toBe(true);
    expect(isDelivered({ kind: 'response', status: 204 })).toBe(true);
    expect(isDelivered({ kind: 'response', status: 302 })).toBe(false);
    expect(isDelivered({ kind: 'timeout' })).toBe(false);
  });

  it('doubles the wait from the first retry and caps it', () => {
    const config = { retryDelayMs: 500, maxRetryDelayMs: 3000 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(config, attempt))).toEqual([
      500, 1000, 2000, 3000, 3000,
    ]);
  });

  it('waits at least what Retry-After asks, within the cap', () => {
    const config = { retryDelayMs: 500, maxRetryDelayMs: 3000 };
    expect(retryDelayMs(config, 1, 2000)).toBe(2000);
    expect(retryDelayMs(config, 3, 1000)).toBe(2000);
    expect(retryDelayMs(config, 1, 60_000)).toBe(3000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
  });
});
