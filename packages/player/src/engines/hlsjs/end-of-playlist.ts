/** What decides whether playback of an ended playlist is stuck at its very end. */
export interface EndState {
  /** The playlist is still live (no EXT-X-ENDLIST). */
  live: boolean;
  /** Media time (s) where the playlist ends. */
  edge: number;
  currentTime: number;
  /** Seconds buffered ahead of the playhead. */
  bufferAhead: number;
  paused: boolean;
}

/**
 * How close to the playlist's end a stall counts as "the end". hls.js declares end of stream only
 * once the middle of the last listed part is buffered; when that part's media is shorter than its
 * declared duration (a publish that ended mid-part), it waits for media that never comes.
 */
export const END_TOLERANCE_S = 0.5;

/** Buffered media ahead below which the playhead cannot move (the element needs a frame or two). */
const EMPTY_BUFFER_S = 0.1;

/** A playing element, out of media, at the end of a playlist that will not grow. */
export function isStuckAtEnd(state: EndState): boolean {
  return (
    !state.live &&
    !state.paused &&
    state.bufferAhead < EMPTY_BUFFER_S &&
    state.edge - state.currentTime < END_TOLERANCE_S
  );
}
