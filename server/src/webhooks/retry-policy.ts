import type { WebhooksConfig } from './webhook-config';

/** What one try of a notification came to. */
export type DeliveryOutcome =
  { kind: 'response'; status: number } | { kind: 'timeout' } | { kind: 'network'; message: string };

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

/** The wait before try `attempt + 1` (attempt counts from 1): exponential, capped. */
export function retryDelayMs(
  config: Pick<WebhooksConfig, 'retryDelayMs' | 'maxRetryDelayMs'>,
  attempt: number,
): number {
  return Math.min(config.maxRetryDelayMs, config.retryDelayMs * 2 ** (attempt - 1));
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
