/** What the watch reads of a media element (a fake in tests). */
export interface DrainWatchTarget {
  readonly currentTime: number;
  readonly ended: boolean;
  readonly buffered: TimeRanges;
}

/** How far short of the end a stalled playhead still counts as at the end (s). */
const AT_END_S = 0.5;
const POLL_MS = 250;

/**
 * Calls `onDrained` once, when playback has sat at the end of its buffered media for `graceMs`,
 * at or past `from` (s), without the element ending by itself. For a live stream that ended with a
 * last segment the library cannot fetch (a sliver the server never made): the library then never
 * signals the end of the stream, so the element would wait at the last frame forever. Returns the
 * function that stops watching (call it on dispose).
 */
export function watchDrain(
  target: DrainWatchTarget,
  from: number,
  onDrained: () => void,
  graceMs = 1000,
): () => void {
  let since: number | undefined;
  const timer = setInterval(() => {
    if (target.ended) return stop();
    const atEnd = target.currentTime >= from - AT_END_S && bufferedAhead(target) < 0.1;
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
