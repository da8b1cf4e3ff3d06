/** What the watch reads of a media element (a fake in tests). */
export interface DrainWatchTarget {
  readonly currentTime: number;
  readonly ended: boolean;
  readonly paused: boolean;
  readonly buffered: TimeRanges;
}

/** How far short of the end a stuck playhead still counts as at the end (s): about a segment. */
const AT_END_S = 1;
const POLL_MS = 250;

/**
 * Calls `onDrained` once, when playback has sat at the end of its buffered media (or paused) for
 * `graceMs` within a segment of `end()` (the presentation's end, s), without the element ending by itself.
 * For a live stream that ended: its library may never signal the end of the stream (a last
 * segment it cannot fetch, a sliver the server never made, or a final chunk it does not count),
 * and the element would then wait at the last frame forever. Returns the function that stops
 * watching (call it on dispose).
 */
export function watchDrain(
  target: DrainWatchTarget,
  end: () => number | undefined,
  onDrained: () => void,
  graceMs = 1000,
): () => void {
  let since: number | undefined;
  const timer = setInterval(() => {
    if (target.ended) return stop();
    const until = end();
    // Stuck: out of media, or paused by the library itself at the end (dash.js pauses the element
    // when a presentation that went static has nothing more for it, with part of a segment left).
    const stuck = bufferedAhead(target) < 0.1 || target.paused;
    const atEnd = until !== undefined && target.currentTime >= until - AT_END_S && stuck;
    if (!atEnd) {
      since = undefined;
      return;
    }
    since ??= Date.now();
    if (Date.now() - since >= graceMs) {
      stop();
      onDrained();
    }
  }, POLL_MS);
  function stop(): void {
    clearInterval(timer);
  }
  return stop;
}

/** Seconds buffered ahead of the playhead in the range that holds it. */
function bufferedAhead({ buffered, currentTime }: DrainWatchTarget): number {
  for (let i = 0; i < buffered.length; i++) {
    if (buffered.start(i) <= currentTime + 0.1 && currentTime <= buffered.end(i)) {
      return buffered.end(i) - currentTime;
    }
  }
  return 0;
}
