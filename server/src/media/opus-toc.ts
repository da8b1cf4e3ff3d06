/**
 * Opus packet durations from the TOC byte (RFC 6716 §3.1), in 48 kHz samples: the unit of Opus RTP
 * timestamps (RFC 7587 §4.1) and of the MP4 audio track, so durations add up exactly.
 */

/** Samples per frame for TOC configs 0..31: SILK 10/20/40/60 ms, Hybrid 10/20 ms, CELT 2.5/5/10/20 ms. */
const FRAME_SAMPLES = [
  ...[480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 1920, 2880], // SILK NB, MB, WB
  ...[480, 960, 480, 960], // Hybrid SWB, FB
  ...[120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960], // CELT NB..FB
];

/** RFC 6716 §3.2.5 (R5): a packet holds at most 120 ms. */
const MAX_PACKET_SAMPLES = 5760;

/** Duration of one frame of a packet with this TOC byte. */
export function opusFrameSamples(toc: number): number {
  return FRAME_SAMPLES[toc >> 3] ?? 0;
}

/**
 * Duration of a whole Opus packet: frame duration × frame count (code 0: 1, codes 1 and 2: 2,
 * code 3: the count in the second byte). Undefined for packets that break the framing rules the
 * duration depends on, which a decoder would reject too.
 */
export function opusPacketSamples(packet: Uint8Array): number | undefined {
  const toc = packet[0];
  if (toc === undefined) return undefined;
  const frame = opusFrameSamples(toc);
  let frames: number;
  switch (toc & 3) {
    case 0:
      frames = 1;
      break;
    case 1:
      // Two frames of equal size: what follows the TOC must split evenly (R3).
      if ((packet.length - 1) % 2 !== 0) return undefined;
      frames = 2;
      break;
    case 2: {
      // Two frames, the first one's size coded in one or two bytes, and it must fit (R4).
      const first = packet[1];
      if (first === undefined) return undefined;
      const twoBytes = first >= 252;
      const size = twoBytes ? first + 4 * (packet[2] ?? -1) : first;
      const header = twoBytes ? 3 : 2;
      if (size < 0 || header + size > packet.length) return undefined;
      frames = 2;
      break;
    }
    default: {
      const count = packet[1];
      if (count === undefined) return undefined;
      frames = count & 0x3f;
      if (frames === 0) return undefined;
    }
  }
  const samples = frame * frames;
  return samples <= MAX_PACKET_SAMPLES ? samples : undefined;
}
