/** Test-only: Opus packets out of an Ogg Opus file (RFC 7845), as the Opus depacketizer emits them. */

export interface OggOpus {
  channels: number;
  preSkip: number;
  inputSampleRate: number;
  /** Audio packets, without the OpusHead and OpusTags header packets. */
  packets: Uint8Array[];
}

export function readOggOpus(file: Uint8Array): OggOpus {
  const packets: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let at = 0;
  while (at + 27 <= file.length) {
    if (String.fromCharCode(...file.subarray(at, at + 4)) !== 'OggS') throw new Error(`no Ogg page at ${at}`);
    const segmentCount = file[at + 26] ?? 0;
    const lacing = file.subarray(at + 27, at + 27 + segmentCount);
    let body = at + 27 + segmentCount;
    for (const size of lacing) {
      pending.push(file.subarray(body, body + size));
      body += size;
      // A lacing value below 255 ends a packet; 255 continues it (possibly on the next page).
      if (size < 255) {
        packets.push(concat(pending));
        pending = [];
      }
    }
    at = body;
  }
  const [head, _tags, ...audio] = packets;
  if (!head || String.fromCharCode(...head.subarray(0, 8)) !== 'OpusHead') throw new Error('not Ogg Opus');
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  return {
    channels: head[9] ?? 0,
    preSkip: view.getUint16(10, true),
    inputSampleRate: view.getUint32(12, true),
    packets: audio,
  };
}

/** Duration of an Opus packet in 48 kHz samples, from its TOC byte (RFC 6716 §3.1). */
export function opusPacketSamples(packet: Uint8Array): number {
  const toc = packet[0] ?? 0;
  const config = toc >> 3;
  const frameSamples =
    config < 12
      ? [480, 960, 1920, 2880][config % 4]
      : config < 16
        ? [480, 960][config % 2]
        : [120, 240, 480, 960][config % 4];
  const code = toc & 3;
  const frames = code === 0 ? 1 : code === 3 ? (packet[1] ?? 0) & 0x3f : 2;
  return (frameSamples ?? 0) * frames;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
