/**
 * A wall-clock timecode carried inside H.264 itself, as an SEI `user_data_unregistered` message
 * (ITU-T H.264 D.1.7) under Brume's UUID: the headless publisher (`brume publish`) puts one before
 * each frame, and anything downstream that sees the bitstream — the relay at ingest, a WHEP viewer's
 * RTP, an LL-HLS part, a `/ws` fragment — reads when that frame was captured, so latency is measured
 * without a picture to decode. Decoders skip unknown SEI, so players are unaffected.
 *
 * Payload: the 16-byte UUID, then the capture time as an unsigned 64-bit big-endian count of
 * microseconds since the Unix epoch. Pure: bytes in, bytes out.
 */

/** Brume's SEI UUID (a fixed random v4 UUID: 6f1d3c52-8b7a-4e0f-9c61-2a5be4d07f93). */
export const SEI_TIMECODE_UUID = new Uint8Array([
  0x6f, 0x1d, 0x3c, 0x52, 0x8b, 0x7a, 0x4e, 0x0f, 0x9c, 0x61, 0x2a, 0x5b, 0xe4, 0xd0, 0x7f, 0x93,
]);

const NAL_SEI = 6;
const USER_DATA_UNREGISTERED = 5;
const PAYLOAD_SIZE = 16 + 8;

/**
 * The SEI NAL unit (header byte included, no start code or length prefix) stamping `unixMicros`.
 * Emulation prevention bytes are inserted, so it can go into Annex B or AVCC as it is.
 */
export function seiTimecodeNal(unixMicros: number): Uint8Array {
  if (!Number.isFinite(unixMicros) || unixMicros < 0) throw new RangeError(`bad timecode ${unixMicros}`);
  const rbsp = new Uint8Array(2 + PAYLOAD_SIZE + 1);
  rbsp[0] = USER_DATA_UNREGISTERED;
  rbsp[1] = PAYLOAD_SIZE;
  rbsp.set(SEI_TIMECODE_UUID, 2);
  new DataView(rbsp.buffer).setBigUint64(2 + 16, BigInt(Math.round(unixMicros)));
  rbsp[rbsp.length - 1] = 0x80; // rbsp_trailing_bits
  const escaped = addEmulationPrevention(rbsp);
  const nal = new Uint8Array(1 + escaped.length);
  nal[0] = NAL_SEI; // forbidden_zero_bit 0, nal_ref_idc 0
  nal.set(escaped, 1);
  return nal;
}

/** The timecode (µs since the Unix epoch) of a Brume SEI NAL unit (header byte first), else undefined. */
export function readSeiTimecode(nal: Uint8Array): number | undefined {
  if (nal.length < 2 || (nal[0]! & 0x1f) !== NAL_SEI) return undefined;
  const rbsp = unescapeRbsp(nal.subarray(1));
  let at = 0;
  // sei_message()s follow each other until the trailing bits.
  while (at < rbsp.length && rbsp[at] !== 0x80) {
    let type = 0;
    for (; rbsp[at] === 0xff; at++) type += 255;
    type += rbsp[at++] ?? 0;
    let size = 0;
    for (; rbsp[at] === 0xff; at++) size += 255;
    size += rbsp[at++] ?? 0;
    if (at + size > rbsp.length) return undefined;
    if (type === USER_DATA_UNREGISTERED && size >= PAYLOAD_SIZE && hasUuid(rbsp, at)) {
      return Number(new DataView(rbsp.buffer, rbsp.byteOffset + at + 16, 8).getBigUint64(0));
    }
    at += size;
  }
  return undefined;
}

/** The timecode in a frame as length-prefixed NAL units (an MP4/fMP4 sample; `lengthSize` 4 by default). */
export function findSeiTimecodeAvcc(sample: Uint8Array, lengthSize: 1 | 2 | 4 = 4): number | undefined {
  const view = new DataView(sample.buffer, sample.byteOffset, sample.byteLength);
  let at = 0;
  while (at + lengthSize <= sample.length) {
    const size =
      lengthSize === 4 ? view.getUint32(at) : lengthSize === 2 ? view.getUint16(at) : view.getUint8(at);
    at += lengthSize;
    if (size === 0 || at + size > sample.length) return undefined;
    const found = readSeiTimecode(sample.subarray(at, at + size));
    if (found !== undefined) return found;
    at += size;
  }
  return undefined;
}

/** The timecode in an Annex B byte stream (start-code delimited NAL units). */
export function findSeiTimecodeAnnexB(stream: Uint8Array): number | undefined {
  for (const nal of annexBUnits(stream)) {
    const found = readSeiTimecode(nal);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The timecode in one H.264 RTP payload (RFC 6184): a single NAL unit packet, or a STAP-A
 * aggregation. An SEI is small, so a sender never fragments it (FU-A is not looked into).
 */
export function findSeiTimecodeRtp(payload: Uint8Array): number | undefined {
  if (payload.length === 0) return undefined;
  const type = payload[0]! & 0x1f;
  if (type === NAL_SEI) return readSeiTimecode(payload);
  if (type !== 24) return undefined; // STAP-A
  let at = 1;
  while (at + 2 <= payload.length) {
    const size = (payload[at]! << 8) | payload[at + 1]!;
    at += 2;
    if (size === 0 || at + size > payload.length) return undefined;
    const found = readSeiTimecode(payload.subarray(at, at + size));
    if (found !== undefined) return found;
    at += size;
  }
  return undefined;
}

/** The NAL units of an Annex B byte stream, without their start codes. */
export function* annexBUnits(stream: Uint8Array): Generator<Uint8Array> {
  let start = -1;
  let i = 0;
  while (i + 2 < stream.length) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      if (start >= 0) yield stream.subarray(start, trimZeros(stream, start, i));
      i += 3;
      start = i;
    } else i++;
  }
  if (start >= 0 && start < stream.length) yield stream.subarray(start);
}

/** Where a NAL unit ending before `end` really ends: a 4-byte start code's leading zero is not its data. */
function trimZeros(stream: Uint8Array, start: number, end: number): number {
  while (end > start && stream[end - 1] === 0) end--;
  return end;
}

function hasUuid(rbsp: Uint8Array, at: number): boolean {
  for (let i = 0; i < 16; i++) if (rbsp[at + i] !== SEI_TIMECODE_UUID[i]) return false;
  return true;
}

/** RBSP → NAL payload: a 0x03 after every two zero bytes followed by a byte ≤ 3 (H.264 7.4.1). */
function addEmulationPrevention(rbsp: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const byte of rbsp) {
    if (zeros >= 2 && byte <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}

/** NAL payload → RBSP: drops each emulation-prevention 0x03 (00 00 03 → 00 00; H.264 7.4.1). */
export function unescapeRbsp(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  let length = 0;
  let zeros = 0;
  for (const byte of data) {
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    out[length++] = byte;
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, length);
}
