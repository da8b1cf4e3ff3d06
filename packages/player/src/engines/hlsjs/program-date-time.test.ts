import { describe, expect, it } from 'vitest';
import { streamMsAt, type DatedFragment } from './program-date-time';

const START_UNIX_MS = Date.UTC(2026, 0, 1);

/** Three 1-s segments at stream times 40–43 s, which hls.js placed at media times 0–3 s. */
const WINDOW: DatedFragment[] = [0, 1, 2].map((i) => ({
  start: i,
  programDateTime: START_UNIX_MS + 40_000 + i * 1000,
}));

describe('streamMsAt', () => {
  it('adds the offset into the segment holding the media time to its PDT', () => {
    expect(streamMsAt(0, WINDOW, START_UNIX_MS)).toBe(40_000);
    expect(streamMsAt(1.25, WINDOW, START_UNIX_MS)).toBe(41_250);
    expect(streamMsAt(2.999, WINDOW, START_UNIX_MS)).toBeCloseTo(42_999, 6);
  });

  it('extrapolates past the last listed segment (parts of the open one) and before the first', () => {
    expect(streamMsAt(3.5, WINDOW, START_UNIX_MS)).toBe(43_500);
    expect(streamMsAt(-0.5, WINDOW, START_UNIX_MS)).toBe(39_500);
  });

  it('uses the segment that holds the time, not the first dated one', () => {
    // A segment whose samples hls.js placed 20 ms off the nominal grid: its own PDT wins.
    const shifted = [...WINDOW.slice(0, 2), { start: 2.02, programDateTime: START_UNIX_MS + 42_000 }];
    expect(streamMsAt(2.52, shifted, START_UNIX_MS)).toBeCloseTo(42_500, 6);
  });

  it('skips segments without a PDT', () => {
    const partly = [{ start: 0, programDateTime: null }, ...WINDOW.slice(1)];
    expect(streamMsAt(0.5, partly, START_UNIX_MS)).toBe(40_500);
  });

  it('is undefined without PDT, without a start time or for a non-finite time', () => {
    expect(streamMsAt(1, [{ start: 0, programDateTime: null }], START_UNIX_MS)).toBeUndefined();
    expect(streamMsAt(1, [], START_UNIX_MS)).toBeUndefined();
    expect(streamMsAt(1, WINDOW, 0)).toBeUndefined();
    expect(streamMsAt(Number.NaN, WINDOW, START_UNIX_MS)).toBeUndefined();
  });
});
