import type { SourceProtocol } from '@brume/protocol';
import type { LatencyMode } from './engines/types';

/**
 * Target distance to the live edge (s) per protocol and latency mode, for engines whose live sync is
 * the core's (`liveSync: 'core'`). WebRTC has none (it plays at the edge); the LL targets sit just
 * above what one part / one segment of buffer needs.
 */
export const LIVE_TARGET_S: Record<LatencyMode, Partial<Record<SourceProtocol, number>>> = {
  lowest: { 'ws-mp4': 0.4, 'll-hls': 1.5, hls: 6, 'll-dash': 1.5, dash: 4, mp4: 1.5, ts: 2 },
  balanced: { 'ws-mp4': 1, 'll-hls': 2.5, hls: 8, 'll-dash': 2.5, dash: 6, mp4: 3, ts: 3 },
  compatible: { 'ws-mp4': 2, 'll-hls': 4, hls: 12, 'll-dash': 4, dash: 10, mp4: 6, ts: 6 },
};

export const MAX_CATCH_UP_RATE = 1.1;
export const MIN_SLOW_DOWN_RATE = 0.95;
/** Further behind than target + this, a jump beats minutes of fast playback. */
export const JUMP_BEHIND_S = 4;

export type CatchUp = { kind: 'rate'; rate: number } | { kind: 'jump' };

/**
 * Gentle catch-up: 1 % faster per 100 ms behind the target, capped at +10 % (the browser keeps the
 * pitch: `preservesPitch`), a little slower when the buffer is about to run dry ahead of the edge,
 * and a jump when far behind. A dead band around the target avoids see-sawing the rate.
 */
export function catchUp(latencyS: number, targetS: number, bufferAheadS: number): CatchUp {
  const behind = latencyS - targetS;
  if (behind > JUMP_BEHIND_S) return { kind: 'jump' };
  if (bufferAheadS < 0.15 && behind < 0.5) return { kind: 'rate', rate: MIN_SLOW_DOWN_RATE };
  if (behind <= 0.1) return { kind: 'rate', rate: 1 };
  const rate = Math.min(MAX_CATCH_UP_RATE, 1 + behind * 0.1);
  return { kind: 'rate', rate: Math.round(rate * 100) / 100 };
}
