import { ClipError } from './clip-error';

/**
 * One end of a clip as the request wrote it, before it is placed on the stream's timeline:
 * - `stream`: stream ms (`12345`, `12345.5`), the time every output of the stream carries;
 * - `unix`: wall-clock time, `unix:<ms since 1970>` or ISO 8601 with a date, a time and a zone
 *   (`2026-11-25T10:00:00Z`, `...+01:00`, the `+` sent as `%2B`);
 * - `live`: relative to the live edge (the newest media held): `now`, or `-<n>` with a unit
 *   `ms`, `s`, `m` or `h` (`-30s`, `-2m`, `-1.5s`; `now-30s` is the same).
 */
export type ClipTime =
  { kind: 'stream'; ms: number } | { kind: 'unix'; ms: number } | { kind: 'live'; offsetMs: number };

const STREAM_MS = /^\d{1,15}(\.\d+)?$/;
const UNIX_MS = /^unix:(\d{1,15})$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const RELATIVE = /^(?:now)?-(\d{1,9}(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Parses one `start`/`end` query value; `what` names it in the error. */
export function parseClipTime(text: string, what: string): ClipTime {
  const value = text.trim();
  if (value === 'now') return { kind: 'live', offsetMs: 0 };
  if (STREAM_MS.test(value)) return { kind: 'stream', ms: Number(value) };
  const unix = UNIX_MS.exec(value);
  if (unix) return { kind: 'unix', ms: Number(unix[1]) };
  if (ISO_8601.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return { kind: 'unix', ms };
  }
  const relative = RELATIVE.exec(value);
  if (relative) {
    const unit = relative[2] as keyof typeof UNIT_MS;
    return { kind: 'live', offsetMs: -Number(relative[1]) * UNIT_MS[unit] };
  }
  throw ClipError.invalidRange(
    `${what}=${JSON.stringify(value.slice(0, 64))} is not a time: use stream ms (12345), ` +
      `unix:<ms>, ISO 8601 with a zone (2026-11-25T10:00:00Z), now, or -30s / -2m / -500ms`,
  );
}

/** Where a stream's timeline is: its wall-clock origin and the media it holds (stream ms). */
export interface ClipTimeline {
  /** Unix ms of stream time 0. */
  startUnixMs: number;
  /** The oldest keyframe and the newest unit held. */
  window: { firstMs: number; lastMs: number };
}

/** The time on the stream timeline, in stream ms (may fall outside the window). */
export function toStreamMs(time: ClipTime, timeline: ClipTimeline): number {
  switch (time.kind) {
    case 'stream':
      return time.ms;
    case 'unix':
      return time.ms - timeline.startUnixMs;
    case 'live':
      return timeline.window.lastMs + time.offsetMs;
  }
}
