import { describe, expect, it } from 'vitest';
import { streamMsFromProgramTime } from './program-time';

const START = Date.UTC(2026, 10, 24, 10, 0, 0);
const at = (streamMs: number): Date => new Date(START + streamMs);

describe('streamMsFromProgramTime', () => {
  // A live join: VHS put stream second 120 at media time 0.5.
  const segments = [
    { dateTimeObject: at(119_000) },
    { start: 0.5, end: 1.5, dateTimeObject: at(120_000) },
    { start: 1.5, end: 2.5, dateTimeObject: at(121_000) },
    { dateTimeObject: at(122_000) },
  ];

  it('maps through the program date of the segment that holds the time', () => {
    expect(streamMsFromProgramTime(segments, 0.5, START)).toBe(120_000);
    expect(streamMsFromProgramTime(segments, 1.25, START)).toBe(120_750);
    expect(streamMsFromProgramTime(segments, 2, START)).toBe(121_500);
  });

  it('extrapolates from the last appended segment', () => {
    expect(streamMsFromProgramTime(segments, 2.75, START)).toBe(122_250);
  });

  it('has no answer before the first appended segment, without dates or without a stream start', () => {
    expect(streamMsFromProgramTime(segments, 0.2, START)).toBeUndefined();
    expect(streamMsFromProgramTime([{ start: 0, end: 1 }], 0.5, START)).toBeUndefined();
    expect(streamMsFromProgramTime(segments, 1, 0)).toBeUndefined();
    expect(streamMsFromProgramTime(segments, Number.NaN, START)).toBeUndefined();
  });
});
