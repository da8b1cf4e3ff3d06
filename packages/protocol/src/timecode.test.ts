import { describe, expect, it } from 'vitest';
import {
  timecodeSampleSize,
  TIMECODE_CELLS,
  crc8,
  decodeTimecode,
  frameLatencyMs,
  decodeTimecodeLevels,
  encodeTimecode,
  unwrapTimecode,
} from './timecode';

/** Paints cells into an RGBA strip the way the studio does, with optional noise and blur at edges. */
function paint(cells: boolean[], width: number, height: number, noise = 0): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff - 0.5) * 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const cell = Math.min(TIMECODE_CELLS - 1, Math.floor((x / width) * TIMECODE_CELLS));
      const base = cells[cell] ? 235 : 16; // video range, as a decoder outputs it
      const v = base + rand() * noise;
      const i = (y * width + x) * 4;
      rgba[i] = rgba[i + 1] = rgba[i + 2] = v;
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}

describe('timecode', () => {
  it('computes CRC-8/ATM check value', () => {
    expect(crc8([...'123456789'].map((c) => c.charCodeAt(0)))).toBe(0xf4);
  });

  it('round-trips a capture time through pixels', () => {
    const now = 1_795_000_123_456;
    const rgba = paint(encodeTimecode(now), 640, 24);
    expect(decodeTimecode(rgba, 640, 24, now + 80)).toBe(now);
  });

  it('survives noise and small strips (a downscaled frame)', () => {
    const t = 1_795_000_999_999;
    expect(decodeTimecode(paint(encodeTimecode(t), 160, 8, 40), 160, 8, t + 500)).toBe(t);
  });

  it('rejects frames without a timecode', () => {
    const flat = new Uint8ClampedArray(640 * 24 * 4).fill(128);
    expect(decodeTimecode(flat, 640, 24, Date.now())).toBeUndefined();
  });

  it('rejects a corrupted cell through the CRC', () => {
    const cells = encodeTimecode(1_795_000_000_000);
    cells[5] = !cells[5];
    const levels = cells.map((c) => (c ? 235 : 16));
    expect(decodeTimecodeLevels(levels)).toBeUndefined();
  });

  it('unwraps the 32-bit value to the time nearest to now, across a wrap', () => {
    const span = 2 ** 32;
    const now = 400 * span + 10; // just after a wrap
    const captured = now - 50; // just before it
    expect(unwrapTimecode(captured % span, now)).toBe(captured);
    expect(unwrapTimecode((now + 30) % span, now)).toBe(now + 30);
  });
});

describe('frameLatencyMs', () => {
  it('is display time minus capture time for the callback frame', () => {
    expect(frameLatencyMs(1000, 1060, 1070)).toBe(60);
  });
  it('times a frame captured after the callback frame was due by the read moment', () => {
    expect(frameLatencyMs(1080, 1060, 1100)).toBe(20);
  });
});

describe('timecodeSampleSize', () => {
  it('takes the strip across the full width and scales it to at most 320 px wide, aspect kept', () => {
    expect(timecodeSampleSize(1280, 720)).toEqual({ stripHeight: 58, width: 320, height: 15 });
    expect(timecodeSampleSize(160, 90)).toEqual({ stripHeight: 8, width: 160, height: 8 });
    // A very wide, short strip still gives rows to sample.
    expect(timecodeSampleSize(3840, 100).height).toBe(4);
  });
});
