import { TIMECODE_CELLS, encodeTimecode } from '@brume/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatencyMeter } from './latency-meter';
import type { FrameInfo } from './frame-clock';

/**
 * A stand-in for OffscreenCanvas whose getImageData returns the strip of whatever "frame" the test
 * painted, so the meter's arithmetic is checked without a browser.
 */
function installCanvas(strip: () => boolean[] | undefined) {
  const draws: number[][] = [];
  class FakeOffscreenCanvas {
    constructor(
      public width: number,
      public height: number,
    ) {}
    getContext() {
      return {
        canvas: this,
        drawImage: (...args: unknown[]) => draws.push(args.slice(1) as number[]),
        getImageData: (_x: number, _y: number, w: number, h: number) => {
          const cells = strip();
          const data = new Uint8ClampedArray(w * h * 4);
          for (let y = 0; y < h; y++)
            for (let x = 0; x < w; x++) {
              const cell = Math.floor((x / w) * TIMECODE_CELLS);
              const v = cells?.[cell] ? 235 : 16;
              data.set([v, v, v, 255], (y * w + x) * 4);
            }
          return { data };
        },
      };
    }
  }
  vi.stubGlobal('OffscreenCanvas', FakeOffscreenCanvas);
  return draws;
}

const video = { videoWidth: 1280, videoHeight: 720 } as HTMLVideoElement;
const frame = (expectedDisplayTime: number): FrameInfo => ({
  now: expectedDisplayTime - 10,
  expectedDisplayTime,
  mediaTime: 0,
  width: 1280,
  height: 720,
  presentedFrames: 1,
});

/** A fixed wall clock and monotonic clock: the meter maps display times through their offset. */
const WALL_NOW = 1_795_000_000_000;
const MONOTONIC_NOW = 12_345.5;
const origin = WALL_NOW - MONOTONIC_NOW;

describe('LatencyMeter', () => {
  beforeEach(() => {
    vi.spyOn(Date, 'now').mockReturnValue(WALL_NOW);
    vi.spyOn(performance, 'now').mockReturnValue(MONOTONIC_NOW);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('draws only the top strip, scaled to 320 px, and turns the timecode into latency', () => {
    const display = 5000;
    const capture = Math.floor(origin + display - 120);
    const draws = installCanvas(() => encodeTimecode(capture));
    const meter = new LatencyMeter(video);
    const latency = meter.measure(frame(display));
    // The timecode holds whole milliseconds; the clock offset has a fraction.
    expect(latency).toBeCloseTo(origin + display - capture, 6);
    expect(Math.round(latency ?? 0)).toBeGreaterThanOrEqual(120);
    // Source rect: the full width, the top 8 % (58 px of 720); destination 320 × 15.
    expect(draws[0]).toEqual([0, 0, 1280, 58, 0, 0, 320, 15]);
    expect(meter.stats()).toMatchObject({ count: 1, samples: [latency], lastMs: latency });
  });

  it('times a frame newer than the callback one by the read moment, never as negative latency', () => {
    // The callback's frame was due at 5000 but drawImage got a frame captured 30 ms after that: a
    // newer frame, on screen at the read moment (WALL_NOW), which is its display time.
    const display = 5000;
    const capture = Math.floor(origin + display + 30);
    installCanvas(() => encodeTimecode(capture));
    const latency = new LatencyMeter(video).measure(frame(display));
    expect(latency).toBe(WALL_NOW - capture);
    expect(latency).toBeGreaterThan(0);
  });

  it('takes no sample from a frame without a timecode', () => {
    installCanvas(() => undefined);
    const meter = new LatencyMeter(video);
    expect(meter.measure(frame(5000))).toBeUndefined();
    expect(meter.stats()).toEqual({ lastMs: undefined, medianMs: undefined, samples: [], count: 0 });
  });

  it('keeps the median over the window', () => {
    let offset = 0;
    installCanvas(() => encodeTimecode(Math.floor(origin + 5000 - offset)));
    const meter = new LatencyMeter(video);
    for (const o of [100, 300, 200]) {
      offset = o;
      meter.measure(frame(5000));
    }
    const stats = meter.stats();
    expect(stats.count).toBe(3);
    expect(Math.floor(stats.medianMs ?? 0)).toBe(200);
  });

  it('reads only every 30th frame after 90 frames without a timecode, and every frame again after a hit', () => {
    const painted: { cells?: boolean[] } = {};
    const draws = installCanvas(() => painted.cells);
    const meter = new LatencyMeter(video);
    for (let i = 0; i < 90; i++) meter.measure(frame(5000));
    expect(draws).toHaveLength(90);
    for (let i = 0; i < 60; i++) meter.measure(frame(5000));
    expect(draws).toHaveLength(92);
    painted.cells = encodeTimecode(Math.floor(origin + 5000 - 50));
    for (let i = 0; i < 30; i++) meter.measure(frame(5000));
    expect(draws).toHaveLength(93);
    for (let i = 0; i < 5; i++) meter.measure(frame(5000));
    expect(draws).toHaveLength(98);
  });
});
