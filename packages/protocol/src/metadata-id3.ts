import { METADATA_TRACK_NAME, type MetadataEvent } from './metadata';

/**
 * Reading metadata events back out of what the HLS/DASH libraries hand over. The server carries each
 * event as an `emsg` v1 (scheme {@link ID3_EMSG_SCHEME}) whose `message_data` is an ID3v2.4 tag with
 * one `TXXX` frame: description {@link METADATA_ID3_DESCRIPTION}, value the event as JSON
 * (`{track, time, duration?, data, id}`, `time` in stream ms). Depending on the engine the player
 * gets the whole box, the `message_data` bytes (dash.js `messageData`, Shaka's `emsg` event) or an
 * already decoded frame (hls.js: the `value` of a cue in its `id3` metadata TextTrack).
 * Every function returns undefined for anything that is not such an event instead of throwing:
 * the bytes come from the network, and other schemes and frames are normal there.
 */

/** AOMedia "Carriage of ID3 Timed Metadata in CMAF": `message_data` is an ID3v2 tag. */
export const ID3_EMSG_SCHEME = 'https://aomedia.org/emsg/ID3';
/** The `TXXX` description that marks a Brume metadata event (ASCII: hls.js skips it by string length). */
export const METADATA_ID3_DESCRIPTION = 'brume';

// TextDecoder exists in every browser and in Node; this package is typed without the DOM and Node
// libraries (so it cannot use either by accident), and the Encoding Standard decoder is all it needs.
declare const TextDecoder: new (
  label?: string,
  options?: { fatal?: boolean },
) => { decode(input: Uint8Array): string };

/** The fields of an `emsg` box (ISO/IEC 23009-1 §5.10.3.3), version 0 or 1. */
export interface EventMessageBox {
  version: 0 | 1;
  schemeIdUri: string;
  value: string;
  timescale: number;
  /** Version 1: absolute, on the track's media timeline (`tfdt` clock). */
  presentationTime?: number;
  /** Version 0: relative to the earliest presentation time of the segment. */
  presentationTimeDelta?: number;
  /** In `timescale` ticks; undefined when the box says unknown (0xFFFFFFFF). */
  eventDuration?: number;
  id: number;
  messageData: Uint8Array;
}

/** One text frame of an ID3 tag, in the shape hls.js puts in a cue's `value`. */
export interface Id3TextFrame {
  /** Frame id: `TXXX`, `TIT2`, ... */
  key: string;
  /** `TXXX` description; '' for other text frames. */
  info: string;
  data: string;
}

const UNKNOWN_DURATION = 0xffffffff;

/** A whole `emsg` box (header included), or undefined if the bytes are not one. */
export function parseEventMessage(box: Uint8Array): EventMessageBox | undefined {
  const view = new DataView(box.buffer, box.byteOffset, box.byteLength);
  if (box.length < 12 || view.getUint32(0) !== box.length || ascii(box, 4, 8) !== 'emsg') return undefined;
  const version = box[8];
  let at = 12;
  const cstring = (): string | undefined => {
    const end = box.indexOf(0, at);
    if (end < 0) return undefined;
    const text = utf8(box.subarray(at, end));
    at = end + 1;
    return text;
  };
  if (version === 0) {
    const schemeIdUri = cstring();
    const value = cstring();
    if (schemeIdUri === undefined || value === undefined || at + 16 > box.length) return undefined;
    const duration = view.getUint32(at + 8);
    return {
      version,
      schemeIdUri,
      value,
      timescale: view.getUint32(at),
      presentationTimeDelta: view.getUint32(at + 4),
      ...(duration === UNKNOWN_DURATION ? {} : { eventDuration: duration }),
      id: view.getUint32(at + 12),
      messageData: box.slice(at + 16),
    };
  }
  if (version !== 1 || box.length < 32) return undefined;
  const timescale = view.getUint32(12);
  const presentationTime = view.getUint32(16) * 2 ** 32 + view.getUint32(20);
  const duration = view.getUint32(24);
  const id = view.getUint32(28);
  at = 32;
  const schemeIdUri = cstring();
  const value = cstring();
  if (schemeIdUri === undefined || value === undefined || !Number.isSafeInteger(presentationTime)) {
    return undefined;
  }
  return {
    version,
    schemeIdUri,
    value,
    timescale,
    presentationTime,
    ...(duration === UNKNOWN_DURATION ? {} : { eventDuration: duration }),
    id,
    messageData: box.slice(at),
  };
}

/**
 * The text frames (`T***`, `TXXX` included) of an ID3v2.3 or v2.4 tag at the start of `tag`.
 * Other frames, and compressed or encrypted ones, are skipped; a tag that is cut short or not ID3 at
 * all gives undefined.
 */
export function parseId3TextFrames(tag: Uint8Array): Id3TextFrame[] | undefined {
  if (tag.length < 10 || ascii(tag, 0, 3) !== 'ID3') return undefined;
  const major = tag[3];
  const flags = tag[5] ?? 0;
  const size = syncsafe(tag, 6);
  if ((major !== 3 && major !== 4) || size === undefined || 10 + size > tag.length) return undefined;
  let body = tag.subarray(10, 10 + size);
  // v2.3 unsynchronises the whole tag; v2.4 marks it per frame (below).
  if (major === 3 && flags & 0x80) body = resynchronise(body);
  let at = 0;
  if (flags & 0x40) {
    // Extended header: v2.4 counts its own size (syncsafe), v2.3 does not (plain, + 4).
    const extended = major === 4 ? syncsafe(body, 0) : plus(u32(body, 0), 4);
    if (extended === undefined || extended > body.length) return undefined;
    at = extended;
  }
  const frames: Id3TextFrame[] = [];
  while (at + 10 <= body.length && body[at] !== 0) {
    const key = ascii(body, at, at + 4);
    const frameSize = major === 4 ? syncsafe(body, at + 4) : u32(body, at + 4);
    const format = body[at + 9] ?? 0;
    const start = at + 10;
    if (frameSize === undefined || start + frameSize > body.length) return undefined;
    at = start + frameSize;
    if (!key.startsWith('T')) continue;
    let data = body.subarray(start, at);
    if (major === 4) {
      // Compression and encryption are not worth supporting for text; skip such frames.
      if (format & 0x0c) continue;
      if (format & 0x40) data = data.subarray(1); // group id
      if (format & 0x01) data = data.subarray(4); // data length indicator
      if (format & 0x02) data = resynchronise(data);
    } else if (format & 0xc0) {
      continue;
    }
    const frame = textFrame(key, data);
    if (frame) frames.push(frame);
  }
  return frames;
}

/** The event in an ID3 tag (`emsg` `message_data`): its first Brume `TXXX` frame. */
export function metadataEventFromId3(tag: Uint8Array): MetadataEvent | undefined {
  for (const frame of parseId3TextFrames(tag) ?? []) {
    const event = metadataEventFromId3Frame(frame);
    if (event) return event;
  }
  return undefined;
}

/** The event in an ID3 frame as hls.js decodes it (`{key: 'TXXX', info: 'brume', data: json}`). */
export function metadataEventFromId3Frame(frame: {
  key: string;
  info?: string;
  data: unknown;
}): MetadataEvent | undefined {
  if (frame.key !== 'TXXX' || frame.info !== METADATA_ID3_DESCRIPTION || typeof frame.data !== 'string') {
    return undefined;
  }
  return metadataEventFromJson(frame.data);
}

/** The event in a whole `emsg` box with the ID3 scheme (the box `fragment` writes before a `moof`). */
export function metadataEventFromEmsg(box: Uint8Array): MetadataEvent | undefined {
  const emsg = parseEventMessage(box);
  return emsg?.schemeIdUri === ID3_EMSG_SCHEME ? metadataEventFromId3(emsg.messageData) : undefined;
}

/**
 * A `MetadataEvent` from its JSON, checked field by field: `track` a valid track name, `time` and
 * `duration` finite and not negative, `id` a non-negative integer, `data` present. Unknown keys
 * are dropped.
 */
export function metadataEventFromJson(json: string): MetadataEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  return metadataEventFromValue(value);
}

/** The same check on a value already parsed (an event inside a larger JSON message). */
export function metadataEventFromValue(value: unknown): MetadataEvent | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('data' in value)) {
    return undefined;
  }
  const { track, time, duration, data, id } = value as Record<string, unknown>;
  if (typeof track !== 'string' || !METADATA_TRACK_NAME.test(track) || !isNonNegative(time)) {
    return undefined;
  }
  if (duration !== undefined && !isNonNegative(duration)) return undefined;
  if (id !== undefined && !(Number.isSafeInteger(id) && isNonNegative(id))) return undefined;
  return {
    track,
    time,
    ...(duration === undefined ? {} : { duration }),
    data,
    ...(id === undefined ? {} : { id }),
  };
}

function textFrame(key: string, data: Uint8Array): Id3TextFrame | undefined {
  const encoding = data[0];
  // UTF-16 (1, 2) ends a string with two NUL bytes on an even offset; Latin-1 and UTF-8 with one.
  const wide = encoding === 1 || encoding === 2;
  const decode = (bytes: Uint8Array): string | undefined => {
    const text =
      encoding === 0
        ? latin1(bytes)
        : encoding === 3
          ? utf8(bytes)
          : encoding === 2
            ? decodeWith('utf-16be', bytes)
            : utf16WithBom(bytes);
    return text?.replace(/\0+$/, '');
  };
  if (encoding === undefined || encoding > 3) return undefined;
  const body = data.subarray(1);
  if (key !== 'TXXX') {
    const text = decode(body);
    return text === undefined ? undefined : { key, info: '', data: text };
  }
  const end = terminator(body, wide);
  if (end < 0) return undefined;
  const info = decode(body.subarray(0, end));
  // A UTF-16 value carries its own byte order mark: decode it on its own.
  const text = decode(body.subarray(end + (wide ? 2 : 1)));
  return info === undefined || text === undefined ? undefined : { key, info, data: text };
}

function terminator(bytes: Uint8Array, wide: boolean): number {
  if (!wide) return bytes.indexOf(0);
  for (let i = 0; i + 1 < bytes.length; i += 2) if (bytes[i] === 0 && bytes[i + 1] === 0) return i;
  return -1;
}

/** Undoes ID3 unsynchronisation: every 0xFF 0x00 pair was 0xFF. */
function resynchronise(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    out.push(byte);
    if (byte === 0xff && bytes[i + 1] === 0) i++;
  }
  return Uint8Array.from(out);
}

function syncsafe(bytes: Uint8Array, at: number): number | undefined {
  if (at + 4 > bytes.length) return undefined;
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const byte = bytes[at + i] ?? 0;
    if (byte & 0x80) return undefined;
    value = value * 128 + byte;
  }
  return value;
}

function u32(bytes: Uint8Array, at: number): number | undefined {
  return at + 4 > bytes.length
    ? undefined
    : new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at);
}

function plus(value: number | undefined, add: number): number | undefined {
  return value === undefined ? undefined : value + add;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** ISO-8859-1 (ID3 encoding 0): each byte is its code point (the `latin1` label would be windows-1252). */
function latin1(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => String.fromCharCode(byte)).join('');
}

/** ID3 encoding 1: each string starts with its own byte order mark (TextDecoder does not sniff one). */
function utf16WithBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeWith('utf-16be', bytes.subarray(2));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeWith('utf-16le', bytes.subarray(2));
  return decodeWith('utf-16le', bytes);
}

function utf8(bytes: Uint8Array): string | undefined {
  return decodeWith('utf-8', bytes);
}

function decodeWith(label: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
