/**
 * Reads Opus packets out of an Ogg stream (RFC 3533 pages, RFC 7845 Opus mapping) as it arrives in
 * arbitrary chunks from a pipe. The two header packets (OpusHead, OpusTags) are skipped; every
 * other packet is one Opus packet, sent as one RTP payload (RFC 7587). Pure: bytes in, packets out.
 * One logical stream is assumed (what ffmpeg writes for one audio track); CRCs are not checked, the
 * pipe being local.
 */

const CAPTURE = [0x4f, 0x67, 0x67, 0x53]; // "OggS"
const HEADER_SIZE = 27;

export class OggOpusReader {
  private pending = new Uint8Array(0);
  /** A packet continued on the next page. */
  private partial: Uint8Array[] = [];
  private headersLeft = 2;

  /** Appends `chunk`; returns the Opus packets it completed, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    let data = this.pending.length === 0 ? chunk : concat([this.pending, chunk]);
    const packets: Uint8Array[] = [];
    for (;;) {
      const start = findCapture(data);
      if (start < 0) {
        data = data.subarray(Math.max(0, data.length - 3));
        break;
      }
      data = data.subarray(start);
      if (data.length < HEADER_SIZE) break;
      const segments = data[26]!;
      const tableEnd = HEADER_SIZE + segments;
      if (data.length < tableEnd) break;
      const table = data.subarray(HEADER_SIZE, tableEnd);
      const bodySize = table.reduce((sum, lace) => sum + lace, 0);
      if (data.length < tableEnd + bodySize) break;
      if (data[5]! & 0x01) {
        // Continued packet flag: without its start (joined mid-packet) the piece is dropped below.
      } else this.partial = [];
      let at = tableEnd;
      let packetStart = at;
      for (const lace of table) {
        at += lace;
        if (lace < 255) {
          this.partial.push(data.subarray(packetStart, at));
          this.emit(concat(this.partial), packets);
          this.partial = [];
          packetStart = at;
        }
      }
      if (packetStart < at) this.partial.push(data.slice(packetStart, at));
      data = data.subarray(at);
    }
    this.pending = new Uint8Array(data);
    return packets;
  }

  private emit(packet: Uint8Array, out: Uint8Array[]): void {
    if (this.headersLeft > 0 && (startsWith(packet, 'OpusHead') || startsWith(packet, 'OpusTags'))) {
      this.headersLeft--;
      return;
    }
    if (packet.length > 0) out.push(new Uint8Array(packet));
  }
}

function findCapture(data: Uint8Array): number {
  for (let i = 0; i + 3 < data.length; i++) {
    if (
      data[i] === CAPTURE[0] &&
      data[i + 1] === CAPTURE[1] &&
      data[i + 2] === CAPTURE[2] &&
      data[i + 3] === CAPTURE[3]
    )
      return i;
  }
  return -1;
}

function startsWith(data: Uint8Array, text: string): boolean {
  if (data.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (data[i] !== text.charCodeAt(i)) return false;
  return true;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
