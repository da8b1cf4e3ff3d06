import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeVideo } from '../testing/fakes';
import { MetadataScheduler } from './metadata-scheduler';
import { PlayheadTimer } from './playhead-timer';

describe('PlayheadTimer', () => {
  let video: FakeVideo;
  let fired: number[];
  let scheduler: MetadataScheduler;
  let timer: PlayheadTimer;
  /** Moves the fake clock and a playing playhead together (media time runs at the playback rate). */
  const play = async (ms: number) => {
    if (!video.paused) video.currentTime += (ms / 1000) * video.playbackRate;
    await vi.advanceTimersByTimeAsync(ms);
  };

  beforeEach(async () => {
    vi.useFakeTimers();
    video = new FakeVideo();
    fired = [];
    scheduler = new MetadataScheduler(
      { enter: (event) => fired.push(event.time), exit: () => {}, forget: () => {} },
      60_000,
    );
    // Stream time = media time + 10 s, as an engine with an offset would map it.
    timer = new PlayheadTimer(video.asVideo(), () => video.currentTime * 1000 + 10_000, scheduler);
    await video.play();
  });
  afterEach(() => {
    timer.dispose();
    vi.useRealTimers();
  });

  it('sets a timer for the moment the next event is due, not the next timeupdate', async () => {
    scheduler.add([
      { track: 't', time: 10_400, data: 1 },
      { track: 't', time: 10_700, data: 2 },
    ]);
    video.dispatchEvent(new Event('timeupdate'));
    expect(fired).toEqual([]);
    // The timer is set for 400 ms: a check at 399 ms would be early, so nothing fires before.
    await vi.advanceTimersByTimeAsync(399);
    expect(fired).toEqual([]);
    video.currentTime = 0.4;
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toEqual([10_400]);
    await play(300);
    expect(fired).toEqual([10_400, 10_700]);
  });

  it('times events at the playback rate', async () => {
    video.playbackRate = 2;
    scheduler.add([{ track: 't', time: 11_000, data: 1 }]);
    video.dispatchEvent(new Event('ratechange'));
    await play(499);
    expect(fired).toEqual([]);
    await play(1);
    expect(fired).toEqual([11_000]);
  });

  it('fires nothing while paused, seeking or buffering, and resumes on timeupdate', async () => {
    scheduler.add([{ track: 't', time: 10_100, data: 1 }]);
    video.dispatchEvent(new Event('timeupdate'));
    video.pause();
    video.currentTime = 0.5;
    await vi.advanceTimersByTimeAsync(1000);
    expect(fired).toEqual([]);
    await video.play();
    video.dispatchEvent(new Event('waiting'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(fired).toEqual([]);
    video.dispatchEvent(new Event('timeupdate'));
    expect(fired).toEqual([10_100]);
  });

  it('stops re-arming while the playhead is stuck', async () => {
    const advance = vi.spyOn(scheduler, 'advance');
    scheduler.add([{ track: 't', time: 10_200, data: 1 }]);
    video.dispatchEvent(new Event('timeupdate'));
    await vi.advanceTimersByTimeAsync(5000);
    // The first check, then one timer that found the playhead unmoved: no busy loop.
    expect(advance).toHaveBeenCalledTimes(2);
    expect(fired).toEqual([]);
  });

  it('dispose() removes its listeners and timer', async () => {
    scheduler.add([{ track: 't', time: 10_200, data: 1 }]);
    video.dispatchEvent(new Event('timeupdate'));
    timer.dispose();
    await play(1000);
    video.dispatchEvent(new Event('timeupdate'));
    expect(fired).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
