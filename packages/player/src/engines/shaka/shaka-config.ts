import type { LatencyMode } from '../types';

/**
 * Seconds behind the live edge shaka holds a low-latency stream at, per latency mode (its
 * presentation delay, below). Brume's LL-HLS parts and LL-DASH chunks are 0.25 s. `lowest` is
 * 1.5 s, not 1 s: at 1 s shaka (LL-HLS especially) stalls and skips, presenting a fraction of
 * the frames, and ends up no closer to the edge; at 1.5 s it plays every frame without a stall.
 * For LL-DASH its edge is itself ~0.25 s back (one segment minus `availabilityTimeOffset`).
 */
export const LL_TARGET_LATENCY_S: Readonly<Record<LatencyMode, number>> = {
  lowest: 1.5,
  balanced: 2.5,
  compatible: 4,
};

/** Catch-up playback rates, absolute: +10 % to catch up, −5 % to fall back (inaudible). */
export const LIVE_SYNC_RATES = { minPlaybackRate: 0.95, maxPlaybackRate: 1.1 } as const;

/** The part of shaka's `PlayerConfiguration` this engine sets (names as in shaka 5's externs). */
export interface ShakaConfigPatch {
  manifest: {
    /** HLS and DASH: the presentation delay when the manifest's own is ignored or absent. */
    defaultPresentationDelay: number;
    dash: { ignoreSuggestedPresentationDelay: boolean };
  };
  /**
   * `dispatchAllEmsgBoxes`: shaka reads `emsg` only for schemes a DASH InbandEventStream declares;
   * an HLS playlist cannot declare one, so over LL-HLS the metadata `emsg` would be dropped.
   */
  mediaSource: { dispatchAllEmsgBoxes: boolean };
  streaming: {
    lowLatencyMode: boolean;
    liveSync: {
      enabled: boolean;
      targetLatency: number;
      targetLatencyTolerance: number;
      minPlaybackRate: number;
      maxPlaybackRate: number;
    };
  };
}

/**
 * shaka 5 configuration for one attempt.
 *
 * shaka starts a live stream at `seekRange().end`, which is the availability edge minus the
 * *presentation delay*, and its live sync measures latency from that same point, not from the
 * edge. So the viewer's target goes into the presentation delay (`defaultPresentationDelay`, with
 * the MPD's `suggestedPresentationDelay` ignored, and it wins over LL-HLS's PART-HOLD-BACK), and
 * live sync holds the playhead within `targetLatencyTolerance` behind it (`targetLatency` 0).
 *
 * Only for low-latency sources: with plain HLS/DASH the manifest's delay (HOLD-BACK, three
 * segments, `suggestedPresentationDelay`) is what keeps a 1-s target from sitting inside a segment
 * that does not exist yet; live sync then holds the playhead at that delay.
 * `lowLatencyMode` makes shaka fetch LL-HLS parts and chunked LL-DASH segments as they grow.
 */
export function shakaConfig(latency: LatencyMode, lowLatency: boolean): ShakaConfigPatch {
  return {
    manifest: {
      defaultPresentationDelay: lowLatency ? LL_TARGET_LATENCY_S[latency] : 0,
      dash: { ignoreSuggestedPresentationDelay: lowLatency },
    },
    mediaSource: { dispatchAllEmsgBoxes: true },
    streaming: {
      lowLatencyMode: lowLatency,
      liveSync: {
        enabled: true,
        targetLatency: 0,
        targetLatencyTolerance: lowLatency && latency === 'lowest' ? 0.25 : 0.5,
        ...LIVE_SYNC_RATES,
      },
    },
  };
}
