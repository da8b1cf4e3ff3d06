import type { PlayerState, TimeRange } from '@brume/player';
import { formatBehindLive, formatTime } from './format-time';
import type { PlayerStrings } from './strings';

/** The part of the media timeline the seek bar spans: the VoD, or a live stream's DVR window. */
export interface SeekWindow {
  start: number;
  end: number;
  /** The end is the live edge (it moves), so positions read as "behind live". */
  live: boolean;
}

/**
 * A live DVR window shorter than this is not worth a seek bar: LL-HLS and LL-DASH playlists always
 * hold a few seconds, and a bar over them would only let the user fall off the edge.
 */
export const MIN_LIVE_WINDOW_S = 10;
/** A live seek this close to the edge is a "go live" (the edge moves while the user aims). */
export const LIVE_SNAP_S = 3;

/** The seek bar's span, or `undefined` when there is nothing to seek (WebRTC, short live windows). */
export function seekWindow(
  state: Pick<PlayerState, 'seekable' | 'duration' | 'live'>,
): SeekWindow | undefined {
  const { seekable } = state;
  if (state.live) {
    if (!seekable || seekable.end - seekable.start < MIN_LIVE_WINDOW_S) return undefined;
    return { start: seekable.start, end: seekable.end, live: true };
  }
  if (seekable && seekable.end > seekable.start)
    return { start: seekable.start, end: seekable.end, live: false };
  if (Number.isFinite(state.duration) && state.duration > 0)
    return { start: 0, end: state.duration, live: false };
  return undefined;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** Where `time` sits on the bar, 0–1. */
export function fractionOf(time: number, window: SeekWindow): number {
  const length = window.end - window.start;
  return length > 0 ? clamp01((time - window.start) / length) : 0;
}

/** The media time at a point of the bar (0–1). */
export function timeAt(fraction: number, window: SeekWindow): number {
  return window.start + clamp01(fraction) * (window.end - window.start);
}

/** Where a pointer at `clientX` is on an element, 0–1 (0 for an element not laid out yet). */
export function pointerFraction(clientX: number, rect: { left: number; width: number }): number {
  return rect.width > 0 ? clamp01((clientX - rect.left) / rect.width) : 0;
}

/** The buffered ranges as spans of the bar (fractions), clipped to the window, empty ones dropped. */
export function bufferedSpans(
  buffered: readonly TimeRange[],
  window: SeekWindow,
): { from: number; to: number }[] {
  const spans: { from: number; to: number }[] = [];
  for (const range of buffered) {
    const from = fractionOf(range.start, window);
    const to = fractionOf(range.end, window);
    if (to > from) spans.push({ from, to });
  }
  return spans;
}

/** Seconds the playhead is behind the live edge: from the DVR window, else the engine's estimate. */
export function secondsBehindLive(
  state: Pick<PlayerState, 'seekable' | 'currentTime' | 'liveLatency'>,
): number {
  if (state.seekable) return Math.max(0, state.seekable.end - state.currentTime);
  return state.liveLatency ?? 0;
}

/** The label of a point of the bar (hover tooltip): `1:23` for VoD, `-0:12` behind live. */
export function timeLabel(time: number, window: SeekWindow): string {
  return window.live ? formatBehindLive(window.end - time) : formatTime(time);
}

/** The seek bar's aria-valuetext: `1:23 of 4:56`, `0:12 behind live`, or `Playing live`. */
export function seekValueText(time: number, window: SeekWindow, strings: PlayerStrings): string {
  if (!window.live) return strings.timeOf(formatTime(time), formatTime(window.end));
  const behind = window.end - time;
  return behind < LIVE_SNAP_S ? strings.atLiveEdge : strings.behindLive(formatTime(behind));
}

/** What a seek to `time` should do: a plain seek, or a jump to the live edge when it lands near it. */
export function seekIntent(
  time: number,
  window: SeekWindow,
): { type: 'seek'; time: number } | { type: 'live' } {
  if (window.live && window.end - time < LIVE_SNAP_S) return { type: 'live' };
  return { type: 'seek', time: Math.min(window.end, Math.max(window.start, time)) };
}
