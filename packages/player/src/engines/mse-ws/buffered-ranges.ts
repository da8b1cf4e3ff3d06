import type { TimeRange } from '../types';

/** A `TimeRanges` as plain ranges, so the decisions below are pure and testable. */
export function toRanges(buffered: TimeRanges): TimeRange[] {
  const ranges: TimeRange[] = [];
  for (let i = 0; i < buffered.length; i++) ranges.push({ start: buffered.start(i), end: buffered.end(i) });
  return ranges;
}

/**
 * The range holding `time`. `slack` (s) accepts a time just before a range: a seek lands on the
 * exact start of a fragment, and the browser rounds buffered starts to its own time base.
 */
export function rangeAt(ranges: readonly TimeRange[], time: number, slack = 0.05): TimeRange | undefined {
  return ranges.find((r) => r.start - slack <= time && time < r.end);
}

/** Seconds buffered ahead of `time` in the range that holds it (0 in a gap). */
export function aheadOf(ranges: readonly TimeRange[], time: number): number {
  const range = rangeAt(ranges, time);
  return range ? Math.max(0, range.end - time) : 0;
}

/** How close (s) to the end of a range the playhead counts as stuck before the gap after it. */
const STUCK_AT_END_S = 0.1;

/**
 * Where to jump when the playhead sits in a hole (a seek before the first keyframe the server
 * had, a dropped GOP after the server shed a backlog, media evicted under it): the start of the
 * next range, if it begins within `maxGap` s. Farther ranges are left alone: after a seek the
 * buffer may hold stray media sent for the old position, which must not pull the playhead.
 */
export function gapJump(ranges: readonly TimeRange[], time: number, maxGap: number): number | undefined {
  const holding = rangeAt(ranges, time, 0);
  if (holding && holding.end - time > STUCK_AT_END_S) return undefined;
  const next = ranges.find((r) => r.start > time && r !== holding);
  if (!next || next.start - time > maxGap) return undefined;
  return next.start;
}

/**
 * What to remove so no more than `keepBehind` s stay buffered behind the playhead: the removal's
 * end, or undefined while less than `keepBehind + slack` s are held (so removals come in chunks,
 * not on every tick).
 */
export function evictionEnd(
  ranges: readonly TimeRange[],
  time: number,
  keepBehind: number,
  slack: number,
): number | undefined {
  const first = ranges[0];
  if (!first || time - first.start <= keepBehind + slack) return undefined;
  return time - keepBehind;
}
