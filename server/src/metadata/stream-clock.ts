import type { MetadataClockReading } from './metadata-store';

/** What the clock needs of a live stream's media (`LiveMedia`): stream time 0 and the DVR window held. */
export interface TimelineMedia {
  readonly startUnixMs: number;
  readonly window: { firstMs: number; lastMs: number } | undefined;
  /** The newest media received, ahead of `window.lastMs` by what packaging still holds back. */
  readonly liveEdgeMs?: number | undefined;
}

/**
 * The live edge and DVR window start metadata is stamped against. With media flowing, the live
 * edge is the newest media received (events land on the frame that is arriving), which can be a
 * picture past the newest packaged one that WHEP viewers already show, and the window is the
 * media's. Without it (a VP8 stream, or no reader with `dvrWindowMs: 0`), the wall clock since
 * stream time 0 and the configured window.
 */
export function streamClockReading(
  media: TimelineMedia | undefined,
  publishStartUnixMs: number,
  dvrWindowMs: number,
  now = Date.now(),
): MetadataClockReading {
  const window = media?.window;
  if (window) {
    const liveEdgeMs = Math.max(window.lastMs, media?.liveEdgeMs ?? -Infinity);
    return { liveEdgeMs, firstMs: window.firstMs };
  }
  const liveEdgeMs = Math.max(0, now - (media?.startUnixMs ?? publishStartUnixMs));
  return { liveEdgeMs, firstMs: Math.max(0, liveEdgeMs - dvrWindowMs) };
}
