import { describe, expect, it } from 'vitest';
import { ClipError } from './clip-error';
import { resolveRecordingRange } from './recording-range';

const T = Date.UTC(2026, 10, 25, 10, 0, 0);
const files = [
  { path: 'live/a.mp4', startUnixMs: T, durationMs: 60_000 },
  { path: 'live/b.mp4', startUnixMs: T + 60_000, durationMs: 60_000 },
  { path: 'live/broken.mp4', startUnixMs: T + 200_000, durationMs: null },
];
const at = (ms: number) => ({ kind: 'unix' as const, ms });

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ClipError) return error.code;
    throw error;
  }
  return 'none';
}

describe('resolveRecordingRange', () => {
  it('finds the file holding the start and gives ms after its first sample', () => {
    expect(resolveRecordingRange(at(T + 70_000), at(T + 75_000), files, 600_000)).toEqual({
      file: files[1],
      fromMs: 10_000,
      toMs: 15_000,
    });
    expect(resolveRecordingRange(at(T), at(T + 60_000), files, 600_000).file).toBe(files[0]);
  });

  it('refuses reversed, too long, uncovered and file-spanning ranges', () => {
    expect(codeOf(() => resolveRecordingRange(at(T + 5000), at(T + 5000), files, 600_000))).toBe(
      'clip/invalid-range',
    );
    expect(codeOf(() => resolveRecordingRange(at(T), at(T + 20_000), files, 10_000))).toBe('clip/too-long');
    expect(codeOf(() => resolveRecordingRange(at(T - 5000), at(T + 1000), files, 600_000))).toBe(
      'clip/out-of-window',
    );
    expect(codeOf(() => resolveRecordingRange(at(T + 200_500), at(T + 201_000), files, 600_000))).toBe(
      'clip/out-of-window',
    );
    expect(codeOf(() => resolveRecordingRange(at(T + 50_000), at(T + 70_000), files, 600_000))).toBe(
      'clip/out-of-window',
    );
  });
});
