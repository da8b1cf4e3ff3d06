import { opusPacketSamples } from './opus-toc';
import type { RtpPacket } from './rtp-packet';
import { RtpUnwrapper } from './rtp-unwrap';

export interface OpusFrame {
  /** RTP timestamp (u32, 48 kHz). */
  timestamp: number;
  /** Duration in 48 kHz samples, from the TOC byte. */
  samples: number;
  /** The Opus packet, copied out of the RTP payload. */
  data: Uint8Array;
}

export type OpusDepacketizerResult =
  | { kind: 'frame'; frame: OpusFrame }
  /** `packets` sequence numbers were skipped before the packet at `timestamp`. */
  | { kind: 'loss'; timestamp: number; packets: number };

export interface OpusDepacketizerCounters {
  packets: number;
  packetsLost: number;
  /** Arrived after a later packet (or twice); dropped, since output must stay in decode order. */
  packetsLate: number;
  packetsMalformed: number;
  framesOut: number;
}

/**
 * RFC 7587 depacketizer: each RTP payload is exactly one Opus packet, so depacketizing is checking
 * order and reading the duration. Every Opus packet decodes on its own, so a loss costs only the
 * lost packets (no keyframe wait). With DTX the sender stops sending during silence: timestamps then
 * jump without a sequence gap, which is not a loss.
 */
export class OpusDepacketizer {
  readonly counters: OpusDepacketizerCounters = {
    packets: 0,
    packetsLost: 0,
    packetsLate: 0,
    packetsMalformed: 0,
    framesOut: 0,
  };

  private readonly sequence = new RtpUnwrapper(16);
  private lastSeq: number | undefined;

  push(packet: RtpPacket): OpusDepacketizerResult[] {
    this.counters.packets++;
    const seq = this.sequence.unwrap(packet.sequenceNumber);
    const results: OpusDepacketizerResult[] = [];
    if (this.lastSeq !== undefined && seq <= this.lastSeq) {
      this.counters.packetsLate++;
      return results;
    }
    const lost = this.lastSeq === undefined ? 0 : seq - this.lastSeq - 1;
    this.lastSeq = seq;
    if (lost > 0) {
      this.counters.packetsLost += lost;
      results.push({ kind: 'loss', timestamp: packet.timestamp, packets: lost });
    }
    const samples = opusPacketSamples(packet.payload);
    if (samples === undefined) {
      this.counters.packetsMalformed++;
      return results;
    }
    this.counters.framesOut++;
    results.push({
      kind: 'frame',
      frame: { timestamp: packet.timestamp, samples, data: packet.payload.slice() },
    });
    return results;
  }
}
