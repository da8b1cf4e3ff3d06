const textEncoder = new TextEncoder();

const HEADER_SIZE = 10;
/** Text encoding byte of ID3v2.4 text frames: 3 = UTF-8. */
const UTF8 = 3;
/** Largest value a 4-byte syncsafe integer holds (28 bits). */
const MAX_SYNCSAFE = 2 ** 28 - 1;

/**
 * A minimal ID3v2.4 tag with one TXXX (user-defined text) frame: `description` names the field,
 * `value` carries the payload (Brume puts metadata events in it as JSON). Both are UTF-8, but keep
 * `description` ASCII: hls.js skips the description by its string length, not its byte length.
 * No terminator after `value`: it ends with the frame.
 */
export function id3TextTag(description: string, value: string): Uint8Array {
  const descriptionBytes = textEncoder.encode(description);
  const valueBytes = textEncoder.encode(value);
  const frameBodySize = 1 + descriptionBytes.length + 1 + valueBytes.length;
  const tagBodySize = HEADER_SIZE + frameBodySize;
  const tag = new Uint8Array(HEADER_SIZE + tagBodySize);

  // Tag header: "ID3", version 4.0, no flags (no unsynchronisation, extended header or footer).
  tag.set([0x49, 0x44, 0x33, 4, 0, 0]);
  writeSyncsafe(tag, 6, tagBodySize);
  // Frame header: "TXXX"; in v2.4 (unlike v2.3) the frame size is syncsafe too.
  tag.set([0x54, 0x58, 0x58, 0x58], HEADER_SIZE);
  writeSyncsafe(tag, HEADER_SIZE + 4, frameBodySize);
  // Frame flags stay 0. Body: encoding, description, NUL, value.
  let at = HEADER_SIZE * 2;
  tag[at++] = UTF8;
  tag.set(descriptionBytes, at);
  at += descriptionBytes.length + 1;
  tag.set(valueBytes, at);
  return tag;
}

/** 28 bits in four bytes of 7 bits each, so no byte of a size ever looks like an MPEG sync word. */
function writeSyncsafe(target: Uint8Array, at: number, value: number): void {
  if (value > MAX_SYNCSAFE)
    throw new RangeError(`ID3 size ${value} exceeds the syncsafe limit ${MAX_SYNCSAFE}`);
  target[at] = (value >>> 21) & 0x7f;
  target[at + 1] = (value >>> 14) & 0x7f;
  target[at + 2] = (value >>> 7) & 0x7f;
  target[at + 3] = value & 0x7f;
}
