import type { WebSocket } from 'ws';
import { TokenBucket } from '../metadata/token-bucket';

/** Close code for a client over its message rate (RFC 6455 §7.4.1: policy violation). */
export const RATE_LIMIT_CLOSE_CODE = 1008;

/**
 * Closes `ws` with 1008 once its client sends more than `perSecond` messages a second beyond a
 * burst of `burst`. (Messages over the size limit are closed with 1009 by ws itself: `maxPayload`.)
 * Returns whether the message may be handled.
 */
export function messageRateGuard(
  ws: WebSocket,
  limits: { wsMessagesPerSecond: number; wsMessageBurst: number },
  now: () => number = Date.now,
): () => boolean {
  const bucket = new TokenBucket(limits.wsMessagesPerSecond, limits.wsMessageBurst, now());
  let closed = false;
  return () => {
    if (closed) return false;
    if (bucket.take(1, now()) === 0) return true;
    closed = true;
    ws.close(RATE_LIMIT_CLOSE_CODE, `more than ${limits.wsMessagesPerSecond} messages per second`);
    return false;
  };
}
