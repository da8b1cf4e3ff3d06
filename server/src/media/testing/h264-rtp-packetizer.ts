import type { RtpPacket } from '../rtp-packet';

/**
 * Test-only RFC 6184 packetizer (packetization-mode 1), shaped like libwebrtc's: consecutive small NAL
 * units of one picture share a STAP-A, a lone small NAL unit goes alone, a large one is cut into FU-A.
 */

/** NAL units of an Annex B byte stream, without start codes. */
export function splitAnnexB(data: Uint8Array): Uint8Array[] {
  const starts: { start: number; codeStart: number }[] = [];
  for (let i = 0; i + 2 < data.length; i++) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      starts.push({ start: i + 3, codeStart: i > 0 && data[i - 1] === 0 ? i - 1 : i });
      i += 2;
    }
  }
  return starts.map(({ start }, n) => data.subarray(start, starts[n + 1]?.codeStart ?? data.length));
}

/** Groups NAL units into pictures: everything up to and including a slice (one slice per picture). */
export function groupPictures(nals: Uint8Array[]): Uint8Array[][] {
  const pictures: Uint8Array[][] = [];
  let pending: Uint8Array[] = [];
  for (const nal of nals) {
    pending.push(nal);
    const type = (nal[0] ?? 0) & 0x1f;
    if (type >= 1 && type <= 5) {
      pictures.push(pending);
      pending = [];
    }
  }
  return pictures;
}

export function packetizePicture(nals: Uint8Array[], mtu = 1200): Uint8Array[] {
  const payloads: Uint8Array[] = [];
  let aggregate: Uint8Array[] = [];
  const flush = () => {
    if (aggregate.length === 1 && aggregate[0]) payloads.push(aggregate[0]);
    if (aggregate.length > 1) payloads.push(stapA(aggregate));
    aggregate = [];
  };
  for (const nal of nals) {
    if (nal.length > mtu - 3) {
      flush();
      payloads.push(...fuA(nal, mtu));
      continue;
    }
    const size = 1 + aggregate.reduce((sum, n) => sum + 2 + n.length, 0) + 2 + nal.length;
    if (size > mtu) flush();
    aggregate.push(nal);
  }
  flush();
  return payloads;
}

export function stapA(nals: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(1 + nals.reduce((sum, nal) => sum + 2 + nal.length, 0));
  // F is the OR of the members' F bits and NRI their maximum (RFC 6184 §5.7).
  out[0] = nals.reduce((max, nal) => Math.max(max, (nal[0] ?? 0) & 0x60), 0) | 24;
  let offset = 1;
  for (const nal of nals) {
    out[offset] = nal.length >> 8;
    out[offset + 1] = nal.length & 0xff;
    out.set(nal, offset + 2);
    offset += 2 + nal.length;
  }
  return out;
}

export function fuA(nal: Uint8Array, mtu: number): Uint8Array[] {
  const header = nal[0] ?? 0;
  const chunk = mtu - 2;
  const payloads: Uint8Array[] = [];
  for (let offset = 1; offset < nal.length; offset += chunk) {
    const end = Math.min(nal.length, offset + chunk);
    const payload = new Uint8Array(2 + end - offset);
    payload[0] = (header & 0xe0) | 28;
    payload[1] = (offset === 1 ? 0x80 : 0) | (end === nal.length ? 0x40 : 0) | (header & 0x1f);
    payload.set(nal.subarray(offset, end), 2);
    payloads.push(payload);
  }
  return payloads;
}

export interface RtpStreamOptions {
  firstSequenceNumber?: number;
  firstTimestamp?: number;
  /** Timestamp step between pictures (3000 = 30 fps at 90 kHz). */
  timestampStep?: number;
  mtu?: number;
  ssrc?: number;
}

/** RTP packets of successive pictures; sequence numbers wrap at 2^16 and timestamps at 2^32. */
export function toRtpPackets(pictures: Uint8Array[][], options: RtpStreamOptions = {}): RtpPacket[] {
  const { firstSequenceNumber = 1000, firstTimestamp = 90000, timestampStep = 3000, mtu = 1200 } = options;
  const packets: RtpPacket[] = [];
  pictures.forEach((picture, n) => {
    const payloads = packetizePicture(picture, mtu);
    payloads.forEach((payload, i) => {
      packets.push({
        payloadType: 102,
        sequenceNumber: (firstSequenceNumber + packets.length) % 2 ** 16,
        timestamp: (firstTimestamp + n * timestampStep) % 2 ** 32,
        marker: i === payloads.length - 1,
        ssrc: options.ssrc ?? 0x1234,
        payload,
      });
    });
  });
  return packets;
}
