import type { LatencyMode } from '../types';

/** What hls.js is built with for a latency mode (before any playlist is known). */
export interface HlsLiveConfig {
  /** Load parts and use blocking playlist reloads; start at `PART-HOLD-BACK` instead of `HOLD-BACK`. */
  lowLatencyMode: boolean;
  /** How fast hls.js may play to get back to its target (1 = never speeds up). */
  maxLiveSyncPlaybackRate: number;
}

/** The hold-backs a live media playlist declares, in seconds (0 when absent), as hls.js parses them. */
export interface PlaylistHoldBacks {
  partHoldBack: number;
  holdBack: number;
  partTarget: number;
  targetDuration: number;
}

/** Where hls.js keeps the playhead once the first live playlist is known. */
export interface LiveSyncTargets {
  /** Seconds behind the live edge hls.js steers to (playback rate) and starts at. */
  targetLatency: number;
  /**
   * Seconds behind hls.js's current target past which it seeks back to the target; `undefined`:
   * never. Relative, because hls.js raises its target after each stall (up to one target duration)
   * and a fixed maximum below the raised target makes it seek on every playlist reload.
   */
  seekBackSlack: number | undefined;
}

/**
 * Catch-up rate per mode. 10 % faster is hard to hear with pitch preserved (the element's default)
 * and closes a 1 s gap in 10 s; `compatible` never changes the rate.
 */
const MAX_RATE: Record<LatencyMode, number> = { lowest: 1.1, balanced: 1.05, compatible: 1 };

/**
 * How far past its target a viewer may fall before hls.js seeks back instead of speeding up. On
 * Brume (PART-HOLD-BACK 0.75 s) `lowest` gives the 2.5 s maximum that kept hls.js at the edge in
 * e2e runs; `compatible` lets the viewer stay wherever stalls put it, as plain HLS players do.
 */
const SEEK_BACK_SLACK_S: Record<LatencyMode, number | undefined> = {
  lowest: 1.75,
  balanced: 3,
  compatible: undefined,
};

/** Parts `balanced` keeps behind `PART-HOLD-BACK`: room for a late part or two without a stall. */
const BALANCED_EXTRA_PARTS = 3;

/** hls.js's own fallback when a playlist declares no hold-back: 3 target durations. */
const DEFAULT_SEGMENTS_BEHIND = 3;

export function hlsLiveConfig(mode: LatencyMode): HlsLiveConfig {
  return {
    // Only `compatible` turns parts off: a plain HLS playlist without parts plays the same either way.
    lowLatencyMode: mode !== 'compatible',
    maxLiveSyncPlaybackRate: MAX_RATE[mode],
  };
}

/**
 * The live targets for a mode from what the playlist declares: `lowest` sits at `PART-HOLD-BACK`
 * (the server's own promise of the closest safe distance), `balanced` a few parts further back,
 * `compatible` (or a playlist without parts) at the segment `HOLD-BACK`.
 */
export function liveSyncTargets(
  mode: LatencyMode,
  playlist: PlaylistHoldBacks,
  lowLatencyMode: boolean,
): LiveSyncTargets {
  const segmentHoldBack =
    playlist.holdBack > 0 ? playlist.holdBack : DEFAULT_SEGMENTS_BEHIND * playlist.targetDuration;
  const hasParts = lowLatencyMode && playlist.partHoldBack > 0;
  let targetLatency = segmentHoldBack;
  if (hasParts && mode === 'lowest') targetLatency = playlist.partHoldBack;
  if (hasParts && mode === 'balanced') {
    targetLatency = Math.min(
      segmentHoldBack,
      playlist.partHoldBack + BALANCED_EXTRA_PARTS * playlist.partTarget,
    );
  }
  return { targetLatency, seekBackSlack: SEEK_BACK_SLACK_S[mode] };
}
