import { ErrorCodes } from '@brume/protocol';
import { ClipError } from './clip-error';
import type { ClipTime } from './clip-time';

/** A recording file as the list gives it. */
export interface RecordingSpanInfo {
  path: string;
  startUnixMs: number;
  durationMs: number | null;
}

/** Where a clip from a recording is: the file, and ms after its first sample. */
export interface RecordingClipRange<F extends RecordingSpanInfo> {
  file: F;
  fromMs: number;
  toMs: number;
}

/**
 * Places a wall-clock clip range in one recording file (a file's times are its publish's, so only
 * `unix:`/ISO 8601 times address recordings): 400 `clip/invalid-range` for an end not after the
 * start, 413 `clip/too-long`, 422 `clip/out-of-window` when no file holds the start, or the end is
 * past that file's end (a clip comes from one file; files rotate every `segmentMs`).
 */
export function resolveRecordingRange<F extends RecordingSpanInfo>(
  start: ClipTime & { kind: 'unix' },
  end: ClipTime & { kind: 'unix' },
  files: readonly F[],
  maxClipMs: number,
): RecordingClipRange<F> {
  if (end.ms <= start.ms) {
    throw ClipError.invalidRange(`end (${iso(end.ms)}) must be after start (${iso(start.ms)})`);
  }
  if (end.ms - start.ms > maxClipMs) throw ClipError.tooLong(end.ms - start.ms, maxClipMs);
  const file = files.find(
    (candidate) =>
      candidate.durationMs !== null &&
      start.ms >= candidate.startUnixMs &&
      start.ms < candidate.startUnixMs + candidate.durationMs,
  );
  if (!file || file.durationMs === null) {
    throw new ClipError(ErrorCodes.clipOutOfWindow, `no recording holds ${iso(start.ms)}`);
  }
  const fileEnd = file.startUnixMs + file.durationMs;
  if (end.ms > fileEnd) {
    throw new ClipError(
      'clip/out-of-window',
      `end ${iso(end.ms)} is past the end of recording ${file.path} (${iso(fileEnd)}); a clip comes from one file`,
    );
  }
  return { file, fromMs: start.ms - file.startUnixMs, toMs: end.ms - file.startUnixMs };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
