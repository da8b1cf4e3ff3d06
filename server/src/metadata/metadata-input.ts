import { MAX_METADATA_EVENT_BYTES, type MetadataTrackKind } from '@brume/protocol';
import { MetadataError, type MetadataPosition } from './metadata-error';

/** A validated event as a client sent it, before the store stamps and numbers it. */
export interface MetadataInput {
  /** Stream ms; absent: the live edge at arrival. */
  time?: number;
  duration?: number;
  data: unknown;
  /** Where it came from, for errors found later (the time range check). */
  position: MetadataPosition;
}

export interface EventRules {
  /** The kind of the target track (`json` for a track that does not exist yet). */
  kind: MetadataTrackKind;
  /** The track named by the path; an event may repeat it in `track`, but not name another. */
  track: string;
  /** Fields allowed besides `time`, `duration`, `data`, `track` (the TCP protocol's `stream`). */
  extraFields?: readonly string[];
}

const EVENT_FIELDS = ['time', 'duration', 'data', 'track'];

/**
 * Checks one parsed JSON value as an event: an object no bigger than 64 KiB of JSON, with `data`
 * (a cue text string on subtitle tracks), and optional `time` / `duration` (finite, ≥ 0). Unknown
 * fields are refused, so a misspelt `tme` is not silently stamped at the live edge.
 */
export function toMetadataInput(
  value: unknown,
  rules: EventRules,
  position: MetadataPosition,
): MetadataInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw MetadataError.invalid(`expected an event object {"data": ...}, got ${describe(value)}`, position);
  }
  const bytes = Buffer.byteLength(JSON.stringify(value));
  if (bytes > MAX_METADATA_EVENT_BYTES) throw MetadataError.tooLarge(bytes, position);
  const event = value as Record<string, unknown>;
  for (const field of Object.keys(event)) {
    if (!EVENT_FIELDS.includes(field) && !rules.extraFields?.includes(field)) {
      const hint = field === 'id' ? ' (ids are assigned by the server)' : '';
      throw MetadataError.invalid(
        `unknown field "${field.slice(0, 40)}"${hint}; an event has data, and optionally time and duration`,
        position,
      );
    }
  }
  if (event.track !== undefined && event.track !== rules.track) {
    throw MetadataError.invalid(
      `"track" is ${JSON.stringify(event.track).slice(0, 80)} but this goes to track ${rules.track}; leave "track" out`,
      position,
    );
  }
  if (!('data' in event) || event.data === undefined) {
    throw MetadataError.invalid('"data" is missing', position);
  }
  const time = optionalMs(event.time, 'time', position);
  const duration = optionalMs(event.duration, 'duration', position);
  const data = rules.kind === 'subtitle' ? cueText(event.data, position) : event.data;
  return {
    ...(time === undefined ? {} : { time }),
    ...(duration === undefined ? {} : { duration }),
    data,
    position,
  };
}

/**
 * Subtitle data is WebVTT cue text: a string, which must not contain what would end a cue in a
 * WebVTT file (a blank line, or `-->`). Line ends are normalised to `\n`.
 */
export function cueText(data: unknown, position: MetadataPosition): string {
  if (typeof data !== 'string') {
    throw MetadataError.invalid(
      `subtitle "data" must be the cue text (a string), got ${describe(data)}`,
      position,
    );
  }
  const text = data.replace(/\r\n?/g, '\n').trim();
  if (text === '') throw MetadataError.invalid('subtitle cue text is empty', position);
  if (/\n[ \t]*\n/.test(text) || text.includes('-->')) {
    throw MetadataError.invalid(
      'subtitle cue text must not contain a blank line or "-->" (WebVTT)',
      position,
    );
  }
  return text;
}

function optionalMs(value: unknown, field: string, position: MetadataPosition): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw MetadataError.invalid(
      `"${field}" must be a finite number of stream milliseconds ≥ 0, got ${describe(value)}`,
      position,
    );
  }
  return value;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value).slice(0, 40)}`;
}
