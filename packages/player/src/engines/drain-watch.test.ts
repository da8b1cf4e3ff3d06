import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchDrain, type DrainWatchTarget } from './drain-watch';

function element(currentTime: number, bufferedEnd: number, ended = false): DrainWatchTarget {
  const ranges = [[0, bufferedEnd]] as const;
  return {
    currentTime,
    ended,
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
    const target = element(67.98, 68);
    const drained = vi.fn();
    watchDrain(target, 68, drained, 1000);
    vi.advanceTimersByTime(750);
    expect(drained).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(drained).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(drained).toHaveBeenCalledTimes(1);
  });

  it('waits while media is buffered ahead or the playhead is far from the end', () => {
    const drained = vi.fn();
    watchDrain(element(60, 68), 68, drained);
    watchDrain(element(40, 40.05), 68, drained);
    vi.advanceTimersByTime(5000);
    expect(drained).not.toHaveBeenCalled();
  });

  it('stops when the element ends by itself, or when stopped', () => {
    const drained = vi.fn();
    watchDrain(element(68, 68, true), 68, drained);
    const stop = watchDrain(element(67.99, 68), 68, drained);
    stop();
    vi.advanceTimersByTime(5000);
    expect(drained).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
