import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchDrain, type DrainWatchTarget } from './drain-watch';

function element(currentTime: number, bufferedEnd: number, ended = false, paused = false): DrainWatchTarget {
  const ranges = [[0, bufferedEnd]] as const;
  return {
    currentTime,
    ended,
    paused,
    buffered: {
      length: ranges.length,
      start: (i: number) => ranges[i]![0],
      end: (i: number) => ranges[i]![1],
    } as TimeRanges,
  };
}

describe('watchDrain', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls back once the playhead has waited at the end of the buffer for the grace time', () => {
    const drained = vi.fn();
    // The last 0.43 s (a sliver past the last segment) never arrives.
    watchDrain(element(40.98, 41), () => 41.43, drained, 1000);
    vi.advanceTimersByTime(750);
    expect(drained).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(drained).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(drained).toHaveBeenCalledTimes(1);
  });

  it('counts an element paused near the end as drained, media left in its buffer or not', () => {
    const drained = vi.fn();
    watchDrain(element(24.67, 25.36, false, true), () => 25.36, drained, 1000);
    vi.advanceTimersByTime(1500);
    expect(drained).toHaveBeenCalledTimes(1);
  });

  it('waits while media is buffered ahead, the playhead is far from the end, or the end is unknown', () => {
    const drained = vi.fn();
    watchDrain(element(35, 41), () => 41.43, drained);
    watchDrain(element(20, 20.05), () => 41.43, drained);
    watchDrain(element(41.4, 41.43), () => undefined, drained);
    vi.advanceTimersByTime(5000);
    expect(drained).not.toHaveBeenCalled();
  });

  it('stops when the element ends by itself, or when stopped', () => {
    const drained = vi.fn();
    watchDrain(element(41.43, 41.43, true), () => 41.43, drained);
    const stop = watchDrain(element(41.4, 41.43), () => 41.43, drained);
    stop();
    vi.advanceTimersByTime(5000);
    expect(drained).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
