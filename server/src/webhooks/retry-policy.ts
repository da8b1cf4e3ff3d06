import type { WebhooksConfig } from './webhook-config';

/** What one try of a notification came to. */
export type DeliveryOutcome =
  | { kind: 'response'; status: number; /** From `Retry-After` (429, 503). */ retryAfterMs?: number }
  | { kind: 'timeout' }
  | { kind: 'network'; message: string };

/**
 * Whether a failed try is worth another: the receiver was unreachable, slow, broken (5xx) or asked
 * us to slow down (429). Any other 4xx says the request itself is wrong; sending it again will not help.
 */
export function isRetryable(outcome: DeliveryOutcome): boolean {
  if (outcome.kind !== 'response') return true;
  return outcome.status === 429 || outcome.status >= 500;
}

export function isDelivered(outcome: DeliveryOutcome): boolean {
  return outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300;
}

/**
 * The wait before try `attempt + 1` (attempt counts from 1): exponential, or longer when the
 * receiver asked for it with `Retry-After`; capped either way.
 */
export function retryDelayMs(
  config: Pick<WebhooksConfig, 'retryDelayMs' | 'maxRetryDelayMs'>,
  attempt: number,
  retryAfterMs = 0,
): number {
  return Math.min(config.maxRetryDelayMs, Math.max(retryAfterMs, config.retryDelayMs * 2 ** (attempt - 1)));
}

/** `Retry-After` (RFC 9110 §10.2.3: seconds or an HTTP date) in ms from `now`; undefined if absent or bad. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An IMF-fixdate (`Wed, 25 Nov 2026 10:00:05 GMT`); Date.parse alone would take `-1` as a year.
  const date = /GMT$/.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** For logs: `HTTP 503`, `timeout`, `ECONNREFUSED`. */
export function describeOutcome(outcome: DeliveryOutcome): string {
  switch (outcome.kind) {
    case 'response':
      return `HTTP ${outcome.status}`;
    case 'timeout':
      return 'timeout';
    case 'network':
      return outcome.message;
  }
}
