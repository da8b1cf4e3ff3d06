import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameClock } from './frame-clock';

describe('FrameClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks at the frame rate without drift', () => {
    const ticks: number[] = [];
    const clock = new FrameClock((now) => ticks.push(now));
    clock.start(30);
    vi.advanceTimersByTime(1000);
    clock.stop();
    // Immediately at start, then every 33.3 ms: 31 ticks in [0, 1000].
    expect(ticks).toHaveLength(31);
    expect(clock.skipped).toBe(0);
  });

  it('counts the ticks a slow frame made it miss instead of bursting', () => {
    // The worker's time: fake timers plus what the slow frame "spent".
    let spent = 0;
    let ticks = 0;
    const clock = new FrameClock(
      () => {
        ticks += 1;
        if (ticks === 2) spent += 100;
      },
      () => performance.now() + spent,
    );
    clock.start(1000 / 30);
    vi.advanceTimersByTime(30);
    expect(ticks).toBe(2);
    // The frame that began at 30 ms ended at 130 ms: the next tick finds the slots at 60, 90 and
    // 120 ms gone.
    vi.advanceTimersByTime(30);
    expect(clock.skipped).toBe(3);
    expect(ticks).toBe(3);
    // No catch-up burst afterwards: one tick per 30 ms.
    vi.advanceTimersByTime(300);
    clock.stop();
    expect(ticks).toBe(3 + 10);
    expect(clock.skipped).toBe(3);
  });

  it('stops ticking when stopped and restarts at a new rate', () => {
    let ticks = 0;
    const clock = new FrameClock(() => (ticks += 1));
    clock.start(10);
    vi.advanceTimersByTime(250);
    expect(ticks).toBe(3);
    clock.start(20);
    vi.advanceTimersByTime(100);
    expect(ticks).toBe(3 + 3);
    clock.stop();
    vi.advanceTimersByTime(1000);
    expect(ticks).toBe(6);
  });
});
