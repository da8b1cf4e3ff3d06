import type { RtpPacket } from './rtp-packet';
import { RtpUnwrapper, serialDelta } from './rtp-unwrap';

/** One H.264 access unit (a picture) reassembled from RTP. */
export interface H264Frame {
  /** RTP timestamp (u32, 90 kHz) shared by all packets of the picture. */
  timestamp: number;
  /**
   * NAL units in decoding order, without start codes or length prefixes. Access unit delimiters are
   * removed (MP4 does not need them); SEI and parameter sets are kept. Single NAL units and STAP-A
   * members are views into the packet payloads, not copies.
   */
  nalUnits: Uint8Array[];
  /** Contains an IDR slice (NAL type 5): decodable without any earlier picture. */
  keyframe: boolean;
}

export type H264DropReason =
  /** A packet of the picture never arrived (within, at the start or at the end of the picture). */
  | 'missing-packets'
  /** The picture is fine but refers to a picture that was lost; only an IDR can restart decoding. */
  | 'waiting-for-keyframe'
  /** STAP-B, MTAP16, MTAP24 or FU-B: packetization-mode 2 (interleaved), which Brume never negotiates. */
  | 'unsupported-packetization'
  /** Truncated aggregate, FU-A without start or end, empty payload. */
  | 'malformed';

export type H264DepacketizerResult =
  | { kind: 'frame'; frame: H264Frame }
  | {
      kind: 'loss';
      timestamp: number;
      reason: H264DropReason;
      /** The depacketizer now drops pictures until an IDR arrives: ask the publisher for one (PLI). */
      needKeyframe: boolean;
    };

export type H264IgnoredPacket = 'stap-b' | 'mtap16' | 'mtap24' | 'fu-b' | 'reserved';

export interface H264DepacketizerCounters {
  packets: number;
  /** Sequence numbers that never arrived before their picture was closed. */
  packetsLost: number;
  /** Packets of a picture already closed (reordered across pictures, or duplicated). */
  packetsLate: number;
  packetsDuplicate: number;
  /** Packets not understood, by NAL unit type; pictures containing them are dropped (except reserved). */
  packetsIgnored: Record<H264IgnoredPacket, number>;
  framesOut: number;
  framesDropped: number;
  /** How many times a loss started a wait for an IDR (the initial wait is not counted). */
  keyframesNeeded: number;
}

const NAL_IDR = 5;
const NAL_AUD = 9;
const STAP_A = 24;
const FU_A = 28;
const UNSUPPORTED: Partial<Record<number, H264IgnoredPacket>> = {
  25: 'stap-b',
  26: 'mtap16',
  27: 'mtap24',
  29: 'fu-b',
};

interface PendingUnit {
  timestamp: number;
  /** By extended sequence number: packets of one picture may arrive out of order. */
  packets: Map<number, Uint8Array>;
  markerSeq?: number;
}

type ParseResult = { nalUnits: Uint8Array[] } | { error: Exclude<H264DropReason, 'waiting-for-keyframe'> };

/**
 * RFC 6184 depacketizer for packetization-mode 1 (single NAL unit, STAP-A, FU-A), as Chromium sends.
 *
 * A picture is the run of packets sharing one RTP timestamp. It is closed by its marker bit once no
 * sequence number is missing in it, or by the first packet of a newer timestamp; packets of one picture
 * may arrive in any order, but a packet arriving after its picture was closed is dropped as late
 * (werift has no jitter buffer for raw RTP; reordering across pictures is rare on the paths WHIP uses).
 *
 * Loss policy: a picture with a missing packet is dropped, and so is every following non-IDR picture
 * until an IDR, because a decoder fed a picture whose reference is gone shows corruption that lasts
 * until the next IDR anyway. `needKeyframe` tells the caller to send a PLI. The depacketizer starts in
 * that state: a stream joined mid-GOP is not decodable either.
 */
export class H264Depacketizer {
  readonly counters: H264DepacketizerCounters = {
    packets: 0,
    packetsLost: 0,
    packetsLate: 0,
    packetsDuplicate: 0,
    packetsIgnored: { 'stap-b': 0, mtap16: 0, mtap24: 0, 'fu-b': 0, reserved: 0 },
    framesOut: 0,
    framesDropped: 0,
    keyframesNeeded: 0,
  };

  private readonly sequence = new RtpUnwrapper(16);
  private pending: PendingUnit | undefined;
  /** Highest extended sequence number of a closed picture. */
  private closedSeq: number | undefined;
  private closedTimestamp: number | undefined;
  private waitingForKeyframe = true;

  /** True while pictures are dropped for want of an IDR. */
  get needKeyframe(): boolean {
    return this.waitingForKeyframe;
  }

  push(packet: RtpPacket): H264DepacketizerResult[] {
    this.counters.packets++;
    const seq = this.sequence.unwrap(packet.sequenceNumber);
    const results: H264DepacketizerResult[] = [];
    if (this.closedSeq !== undefined && seq <= this.closedSeq) {
      this.counters.packetsLate++;
      return results;
    }
    if (this.pending && packet.timestamp !== this.pending.timestamp) {
      if (serialDelta(this.pending.timestamp, packet.timestamp, 32) < 0) {
        this.counters.packetsLate++;
        return results;
      }
      results.push(...this.close(seq));
    }
    if (!this.pending) {
      if (
        this.closedTimestamp !== undefined &&
        serialDelta(this.closedTimestamp, packet.timestamp, 32) <= 0
      ) {
        this.counters.packetsLate++;
        return results;
      }
      this.pending = { timestamp: packet.timestamp, packets: new Map() };
    }
    const unit = this.pending;
    if (unit.packets.has(seq)) {
      this.counters.packetsDuplicate++;
      return results;
    }
    unit.packets.set(seq, packet.payload);
    if (packet.marker) unit.markerSeq = seq;
    if (unit.markerSeq !== undefined && isContiguousUpTo(unit.packets, unit.markerSeq)) {
      results.push(...this.close(undefined));
    }
    return results;
  }

  /** Closes the picture in progress (end of stream); without its marker bit it counts as incomplete. */
  flush(): H264DepacketizerResult[] {
    return this.pending ? this.close(undefined) : [];
  }

  /** `nextSeq`: the packet that closed the picture by starting a newer one, if any. */
  private close(nextSeq: number | undefined): H264DepacketizerResult[] {
    const unit = this.pending;
    if (!unit) return [];
    this.pending = undefined;
    const seqs = [...unit.packets.keys()].sort((a, b) => a - b);
    const first = seqs[0] ?? 0;
    const last = seqs[seqs.length - 1] ?? 0;
    const headGap = this.closedSeq === undefined ? undefined : first - this.closedSeq - 1;
    const innerMissing = last - first + 1 - seqs.length;
    // Without a marker, the picture is whole only if the next picture starts right after it; lost
    // packets in between are counted once, as the next picture's head gap.
    const tailComplete = unit.markerSeq !== undefined || nextSeq === last + 1;
    this.counters.packetsLost += Math.max(0, headGap ?? 0) + innerMissing;
    this.closedSeq = Math.max(this.closedSeq ?? last, last);
    this.closedTimestamp = unit.timestamp;

    if (innerMissing > 0 || !tailComplete) return this.drop(unit.timestamp, 'missing-packets');
    const parsed = this.parse(seqs.map((seq) => unit.packets.get(seq) ?? new Uint8Array(0)));
    if ('error' in parsed) {
      const headKnown = headGap === 0;
      return this.drop(
        unit.timestamp,
        parsed.error === 'missing-packets' && headKnown ? 'malformed' : parsed.error,
      );
    }
    const { nalUnits } = parsed;
    if (headGap !== undefined && headGap > 0) this.enterWait();
    // After a gap the lost packets may have been this picture's first slices. A picture whose first
    // slice starts at macroblock 0 has all its slices (the rest is contiguous), so it survives; the
    // lost packets then held only a whole earlier picture or this picture's SPS/PPS/SEI.
    const firstSlice = nalUnits.find(isSlice);
    if ((headGap === undefined || headGap > 0) && firstSlice && !startsAtFirstMacroblock(firstSlice)) {
      return this.drop(unit.timestamp, 'missing-packets');
    }
    const keyframe = nalUnits.some((nal) => nalType(nal) === NAL_IDR);
    if (this.waitingForKeyframe && firstSlice && !keyframe) {
      return this.drop(unit.timestamp, 'waiting-for-keyframe');
    }
    if (keyframe) this.waitingForKeyframe = false;
    if (nalUnits.length === 0) return [];
    this.counters.framesOut++;
    return [{ kind: 'frame', frame: { timestamp: unit.timestamp, nalUnits, keyframe } }];
  }

  private drop(timestamp: number, reason: H264DropReason): H264DepacketizerResult[] {
    if (reason !== 'waiting-for-keyframe') this.enterWait();
    this.counters.framesDropped++;
    return [{ kind: 'loss', timestamp, reason, needKeyframe: this.waitingForKeyframe }];
  }

  private enterWait(): void {
    if (this.waitingForKeyframe) return;
    this.waitingForKeyframe = true;
    this.counters.keyframesNeeded++;
  }

  private parse(payloads: Uint8Array[]): ParseResult {
    const nalUnits: Uint8Array[] = [];
    const emit = (nal: Uint8Array) => {
      if (nalType(nal) !== NAL_AUD) nalUnits.push(nal);
    };
    let fragments: Uint8Array[] | undefined;
    for (const payload of payloads) {
      const type = nalType(payload);
      if (payload.length === 0 || (fragments && type !== FU_A)) return { error: 'malformed' };
      const unsupported = UNSUPPORTED[type];
      if (unsupported) {
        this.counters.packetsIgnored[unsupported]++;
        return { error: 'unsupported-packetization' };
      }
      if (type === 0 || type > FU_A) {
        // RFC 6184 §5.2: receivers ignore reserved types.
        this.counters.packetsIgnored.reserved++;
      } else if (type === STAP_A) {
        const members = splitStapA(payload);
        if (!members) return { error: 'malformed' };
        members.forEach(emit);
      } else if (type === FU_A) {
        const fuHeader = payload[1];
        if (fuHeader === undefined) return { error: 'malformed' };
        const start = (fuHeader & 0x80) !== 0;
        const end = (fuHeader & 0x40) !== 0;
        // A picture starting with an FU-A continuation lost its start, unless nothing was lost before it.
        if (!start && !fragments && nalUnits.length === 0) return { error: 'missing-packets' };
        if (start === (fragments !== undefined)) return { error: 'malformed' };
        // The reconstructed NAL header: F and NRI from the FU indicator, type from the FU header.
        if (start) fragments = [Uint8Array.of(((payload[0] ?? 0) & 0xe0) | (fuHeader & 0x1f))];
        fragments?.push(payload.subarray(2));
        if (end && fragments) {
          emit(concat(fragments));
          fragments = undefined;
        }
      } else {
        emit(payload);
      }
    }
    return fragments ? { error: 'malformed' } : { nalUnits };
  }
}

function nalType(nal: Uint8Array): number {
  return (nal[0] ?? 0) & 0x1f;
}

function isSlice(nal: Uint8Array): boolean {
  const type = nalType(nal);
  return type >= 1 && type <= NAL_IDR;
}

/** first_mb_in_slice is the slice header's first ue(v); it is 0 exactly when its first bit is 1. */
function startsAtFirstMacroblock(slice: Uint8Array): boolean {
  return ((slice[1] ?? 0) & 0x80) !== 0;
}

function isContiguousUpTo(packets: Map<number, Uint8Array>, lastSeq: number): boolean {
  let first = lastSeq;
  for (const seq of packets.keys()) {
    if (seq > lastSeq) return false;
    first = Math.min(first, seq);
  }
  return lastSeq - first + 1 === packets.size;
}

/** STAP-A members (RFC 6184 §5.7.1): 16-bit size + NAL unit, repeated; undefined if malformed. */
function splitStapA(payload: Uint8Array): Uint8Array[] | undefined {
  const members: Uint8Array[] = [];
  let offset = 1;
  while (offset < payload.length) {
    if (offset + 2 > payload.length) return undefined;
    const size = ((payload[offset] ?? 0) << 8) | (payload[offset + 1] ?? 0);
    offset += 2;
    if (size === 0 || offset + size > payload.length) return undefined;
    members.push(payload.subarray(offset, offset + size));
    offset += size;
  }
  return members.length > 0 ? members : undefined;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
