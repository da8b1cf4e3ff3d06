import { packetizePicture } from '../../load/h264-packetizer';
import type { RtpPacket } from '../rtp-packet';

/**
 * Test helpers around the production RFC 6184 packetizer (`load/h264-packetizer.ts`, what
 * `brume publish` sends): an Annex B file cut into pictures, and those pictures as RTP packets.
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
