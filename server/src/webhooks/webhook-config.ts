/** How notifications (`stream_start`, `stream_end`, `recording_done`) are delivered. */
export interface WebhooksConfig {
  /** Tries per notification and URL, the first included. */
  attempts: number;
  /** Wait before the second try; it doubles before each further one. */
  retryDelayMs: number;
  /** The longest wait between two tries. */
  maxRetryDelayMs: number;
  /** Each try's own time limit (connect, answer and body). */
  requestTimeoutMs: number;
  /** Notifications waiting per URL; past it the oldest waiting one is dropped (logged). */
  maxQueued: number;
  /** How long shutdown waits for waiting notifications to go out. */
  flushMs: number;
}

export const DEFAULT_WEBHOOKS_CONFIG: WebhooksConfig = {
  attempts: 5,
  retryDelayMs: 500,
  maxRetryDelayMs: 30_000,
  requestTimeoutMs: 5_000,
  maxQueued: 100,
  flushMs: 2_000,
};
