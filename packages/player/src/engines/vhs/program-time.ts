import type { VhsSegment } from './videojs-api';

/**
 * Maps a media time of VHS's timeline to Brume's stream timeline (ms) through the playlist's
 * `EXT-X-PROGRAM-DATE-TIME`. VHS does not keep the fMP4 `tfdt` as media time: it lays segments on a
 * timeline of its own (a live join starts near 0) and records each appended segment's display start
 * as `segment.start`. Brume writes `PROGRAM-DATE-TIME = startUnixMs + segment start (stream ms)`, so
 * the segment holding `mediaTime` gives `date − startUnixMs + (mediaTime − start)`. Exact to the
 * millisecond the date is rounded to, as long as VHS's `start` is right (it is measured from the
 * segment's own timestamps, except for the very first segment, which VHS places by estimate and then
 * maps every later one from).
 *
 * `undefined` without an anchor: no program date (DASH, most VoD), no appended segment before
 * `mediaTime`, or no stream start (a plain URL source).
 */
export function streamMsFromProgramTime(
  segments: readonly VhsSegment[],
  mediaTime: number,
  startUnixMs: number,
): number | undefined {
  if (!startUnixMs || !Number.isFinite(mediaTime)) return undefined;
  for (let i = segments.length - 1; i >= 0; i--) {
    const { start, dateTimeObject } = segments[i]!;
    // A frame may sit a hair before its segment's rounded start.
    if (start === undefined || !dateTimeObject || start > mediaTime + 0.001) continue;
    return dateTimeObject.getTime() - startUnixMs + (mediaTime - start) * 1000;
  }
  return undefined;
}
