export interface BackoffOptions {
  /** Delay before the first re-POST. */
  baseMs: number;
  /** Ceiling for any one delay. */
  maxMs: number;
  /** Re-POSTs before giving up. */
  maxAttempts: number;
}

/** 1 s, 2 s, 4 s, 8 s, 16 s, 16 s: about 47 s of trying, long enough for a Wi-Fi hand-over or a server restart. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 16_000, maxAttempts: 6 };

/** The wait before re-POST number `attempt` (1-based): doubling from `baseMs`, capped at `maxMs`. */
export function backoffDelay(attempt: number, options: Pick<BackoffOptions, 'baseMs' | 'maxMs'>): number {
  return Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
}
