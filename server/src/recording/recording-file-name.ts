import { isValidStreamName } from '@brume/protocol';

/**
 * Recording files are `<name>/<name>-<start>.mp4` under the recordings directory, `<start>` the
 * wall-clock time of the file's first keyframe in ISO 8601 basic format with milliseconds
 * (`20261125T104500.123Z`): no `:` (Windows file names, URLs), and names sort by time.
 */
const FILE = /^(.+)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z\.mp4$/;

export interface RecordingFileName {
  stream: string;
  /** `<name>-<start>.mp4`. */
  file: string;
  /** `<name>/<name>-<start>.mp4`, relative to the recordings directory (and its URL path). */
  path: string;
  startUnixMs: number;
}

export function recordingFileName(stream: string, startUnixMs: number): RecordingFileName {
  const iso = new Date(startUnixMs).toISOString(); // 2026-11-25T10:45:00.123Z
  const stamp = iso.replace(/[-:]/g, '');
  const file = `${stream}-${stamp}.mp4`;
  return { stream, file, path: `${stream}/${file}`, startUnixMs };
}

/**
 * Reads back a file name inside `stream`'s directory; undefined for anything that is not one this
 * server writes (so a request path cannot name another file).
 */
export function parseRecordingFileName(stream: string, file: string): RecordingFileName | undefined {
  if (!isValidStreamName(stream)) return undefined;
  const match = FILE.exec(file);
  if (!match || match[1] !== stream) return undefined;
  const [year, month, day, hour, minute, second, ms] = match.slice(2).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const startUnixMs = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const back = recordingFileName(stream, startUnixMs);
  // Rejects impossible dates that Date.UTC would roll over (month 13, second 61).
  return back.file === file ? back : undefined;
}
