import { describe, expect, it } from 'vitest';
import { RtpStreamClock, rtpDelta } from './rtp-stream-clock';

const U32 = 2 ** 32;

describe('rtpDelta', () => {
  it('is the signed distance through the 32-bit wrap', () => {
    expect(rtpDelta(100, 50)).toBe(50);
    expect(rtpDelta(50, 100)).toBe(-50);
    expect(rtpDelta(10, U32 - 10)).toBe(20);
    expect(rtpDelta(U32 - 10, 10)).toBe(-20);
    expect(rtpDelta(U32 + 5, U32 - 5)).toBe(10);
  });
});

describe('RtpStreamClock', () => {
  it('knows nothing until it has both a displayed frame and a server clock', () => {
    const clock = new RtpStreamClock();
    expect(clock.toStreamMs(1)).toBeUndefined();
    clock.observeFrame(1, 90_000);
    expect(clock.toStreamMs(1)).toBeUndefined();
    expect(clock.ready).toBe(false);
    clock.onClock(90_000, 5_000);
    expect(clock.ready).toBe(true);
    expect(clock.toStreamMs(1)).toBe(5_000);
  });

  it('maps frames before and after the clock frame on the 90 kHz clock', () => {
    const clock = new RtpStreamClock();
    clock.observeFrame(10, 1_000_000);
    clock.onClock(1_000_000 + 9_000, 42_100);
    // The displayed frame is 100 ms before the clock's frame.
    expect(clock.toStreamMs(10)).toBe(42_000);
    // 1/30 s later: 3000 ticks.
    expect(clock.toStreamMs(10 + 1 / 30)).toBeCloseTo(42_033.333, 3);
    expect(clock.toMediaTime(42_100)).toBeCloseTo(10.1, 9);
  });

  it('follows the RTP timestamps through the 32-bit wrap, both ways', () => {
    const clock = new RtpStreamClock();
    // The clock frame is just before the wrap, the displayed frame 2 s after it.
    clock.onClock(U32 - 45_000, 600_000);
    clock.observeFrame(3, 135_000);
    expect(clock.toStreamMs(3)).toBe(602_000);
    expect(clock.toStreamMs(2)).toBe(601_000);
    expect(clock.toMediaTime(600_000)).toBeCloseTo(1, 9);
    // And the other way: the clock frame after the wrap, the displayed frame before it.
    clock.onClock(90_000, 700_000);
    clock.observeFrame(5, U32 - 90_000);
    expect(clock.toStreamMs(5)).toBe(698_000);
    expect(clock.toMediaTime(700_000)).toBeCloseTo(7, 9);
  });

  it('uses the newest clock (a slewed timeline)', () => {
    const clock = new RtpStreamClock();
    clock.observeFrame(0, 0);
    clock.onClock(90_000, 1_000);
    expect(clock.toStreamMs(0)).toBe(0);
    clock.onClock(180_000, 2_005);
    expect(clock.toStreamMs(0)).toBe(5);
  });

  it('maps a frame it saw through its own RTP timestamp, whatever its media time says', () => {
    const clock = new RtpStreamClock();
    clock.onClock(0, 1_000);
    // Media time follows render timing: 40 ms apart on screen, 3000 ticks (33.3 ms) on the wire.
    clock.observeFrame(1, 0);
    clock.observeFrame(1.04, 3_000);
    clock.observeFrame(1.07, 6_000);
    expect(clock.toStreamMs(1.04)).toBeCloseTo(1_033.333, 3);
    expect(clock.toStreamMs(1)).toBe(1_000);
    // Not seen: extrapolated from the newest frame.
    expect(clock.toStreamMs(1.1)).toBeCloseTo(1_096.667, 3);
  });

  it('forgets frames beyond the newest 64', () => {
    const clock = new RtpStreamClock();
    clock.onClock(0, 0);
    for (let i = 0; i <= 64; i++) clock.observeFrame(i / 30, i * 3_000 + (i === 0 ? 900 : 0));
    // Frame 0 was dropped: extrapolated from frame 64 instead of its own (+10 ms) timestamp.
    expect(clock.toStreamMs(0)).toBe(0);
    expect(clock.toStreamMs(1 / 30)).toBeCloseTo(33.333, 3);
  });
});
