import { ClipError } from './clip-error';
import { parseClipTime, toStreamMs, type ClipTimeline } from './clip-time';

/**
 * An end asked for up to this far past the live edge is taken as the live edge: a wall-clock
 * `end` of "now" lands a little past the newest media, which reaches the relay a moment later.
 */
export const END_GRACE_MS = 1000;

/** A clip's requested range on the stream timeline, half-open: [startMs, endMs). */
export interface ClipRange {
  startMs: number;
  endMs: number;
}

/**
 * Checks a clip request's `start` and `end` (end defaults to `now`) against the stream's timeline:
 * 400 `clip/invalid-range` for a value that does not parse or an end not after the start,
 * 413 `clip/too-long` past `maxClipMs`, 422 `clip/out-of-window` for a start before the oldest
 * keyframe held or an end past the live edge (beyond `END_GRACE_MS`).
 */
export function resolveClipRange(
  query: { start?: string | undefined; end?: string | undefined },
  timeline: ClipTimeline,
  maxClipMs: number,
): ClipRange {
  if (query.start === undefined || query.start.trim() === '') {
    throw ClipError.invalidRange('start is required (stream ms, unix:<ms>, ISO 8601, now or -30s)');
  }
  const startMs = toStreamMs(parseClipTime(query.start, 'start'), timeline);
  const requestedEndMs = toStreamMs(parseClipTime(query.end ?? 'now', 'end'), timeline);
  if (requestedEndMs <= startMs) {
    throw ClipError.invalidRange(
      `end (stream ms ${Math.round(requestedEndMs)}) must be after start (stream ms ${Math.round(startMs)})`,
    );
  }
  if (requestedEndMs - startMs > maxClipMs) throw ClipError.tooLong(requestedEndMs - startMs, maxClipMs);
  const { window } = timeline;
  if (startMs < window.firstMs) {
    throw ClipError.outOfWindow(
      `start (stream ms ${Math.round(startMs)}) is before the oldest media held`,
      window,
    );
  }
  if (startMs >= window.lastMs) {
    throw ClipError.outOfWindow(
      `start (stream ms ${Math.round(startMs)}) is not before the live edge`,
      window,
    );
  }
  if (requestedEndMs > window.lastMs + END_GRACE_MS) {
    throw ClipError.outOfWindow(
      `end (stream ms ${Math.round(requestedEndMs)}) is past the live edge`,
      window,
    );
  }
  return { startMs, endMs: Math.min(requestedEndMs, window.lastMs) };
}
