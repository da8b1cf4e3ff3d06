import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeyframeRequester } from './keyframe-requester';

describe('KeyframeRequester', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends at once, then at most one per interval, deferring rather than dropping', () => {
    vi.useFakeTimers();
    const send = vi.fn();
    const requester = new KeyframeRequester(send, 400);
    requester.request();
    expect(send).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 10; i++) requester.request();
    expect(send).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(399);
    expect(send).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(send).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5000);
    expect(send).toHaveBeenCalledTimes(2);
    requester.dispose();
  });

  it('leaves no timer behind after dispose', () => {
    vi.useFakeTimers();
    const send = vi.fn();
    const requester = new KeyframeRequester(send, 400);
    requester.request();
    requester.request();
    requester.dispose();
    vi.advanceTimersByTime(1000);
    expect(send).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
