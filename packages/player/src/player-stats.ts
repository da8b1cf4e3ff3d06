import type { TransportStats } from './engines/types';
import type { LatencyStats } from './latency-stats';

/** What `player.getStats()` returns: a fresh snapshot on every call. */
export interface PlayerStats {
  /** requestVideoFrameCallback callbacks since the current connection started. */
  framesRendered: number;
  /** Size of the last rendered frame. */
  width: number;
  height: number;
  /** Rendered frames per second over the last second. */
  fps: number;
  /** From the start of the connection attempt (before the WHEP POST) to the first rendered frame. */
  timeToFirstFrameMs: number | undefined;
  /** Whether an audio track is attached and live. */
  audioLive: boolean;
  /** Transport counters from the engine (polled every second while live). */
  transport: TransportStats | undefined;
  latency: LatencyStats;
}
