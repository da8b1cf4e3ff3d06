/** A playlist segment as far as time mapping cares: where it starts in media time and its PDT. */
export interface DatedFragment {
  /** Media time (s) of the segment's first sample, as hls.js placed it. */
  start: number;
  /** `EXT-X-PROGRAM-DATE-TIME` of the segment (Unix ms), `null` when the playlist has none. */
  programDateTime: number | null;
}

/**
 * Maps a media time to the stream timeline (ms) through the playlist's `EXT-X-PROGRAM-DATE-TIME`:
 * hls.js places segments at media times of its own choosing, but Brume writes each segment's PDT
 * as `startUnixMs + stream time`, so the PDT of the segment holding `mediaTime`, plus the offset
 * into it, minus `startUnixMs` is stream time. `fragments` are in playlist order; a time past the
 * last listed segment (the open one, still in parts) extrapolates from it, as PDT runs on without
 * discontinuities. `undefined` without PDT or without a known `startUnixMs`.
 */
export function streamMsAt(
  mediaTime: number,
  fragments: readonly DatedFragment[],
  startUnixMs: number,
): number | undefined {
  if (!Number.isFinite(mediaTime) || !(startUnixMs > 0)) return undefined;
  let anchor: DatedFragment | undefined;
  for (const fragment of fragments) {
    if (fragment.programDateTime === null) continue;
    // The first dated segment anchors a time before the window; later ones replace it while they start in time.
    if (anchor && fragment.start > mediaTime) break;
    anchor = fragment;
  }
  if (!anchor || anchor.programDateTime === null) return undefined;
  return anchor.programDateTime + (mediaTime - anchor.start) * 1000 - startUnixMs;
}
