/** How long to wait before retry number `attempt` (0-based). */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** ± fraction of the delay, so many players dropped together do not return in lockstep. */
  jitter: number;
}

/** 500 ms doubling to 8 s with ±20 % jitter (as Broadcast Box's WHEP player does). */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 8000, factor: 2, jitter: 0.2 };

/** `random` returns [0, 1); injectable so tests are deterministic. */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
  const spread = policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base * (1 + spread)));
}
