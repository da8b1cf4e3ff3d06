/**
 * RTCP REMB, Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb-03 §2.2): a
 * payload-specific feedback message (PT 206, FMT 15) whose application-layer data is "REMB", the
 * number of SSRCs, the bitrate as a 6-bit exponent and an 18-bit mantissa, and the SSRCs it applies
 * to. Pure bytes, no I/O.
 */
const RTCP_PSFB = 206;
const REMB_FMT = 15;
const MAX_MANTISSA = 0x3ffff;
const MAX_EXPONENT = 63;

export interface Remb {
  /** SSRC of the packet sender (the receiver's RTCP SSRC). */
  senderSsrc: number;
  /** The estimate, bits per second. Rounded down to what exponent + mantissa can carry. */
  bitrate: number;
  /** The media SSRCs the estimate applies to (1–255). */
  ssrcs: readonly number[];
}

/** `bitrate` as `mantissa << exponent` with the smallest exponent that fits the mantissa in 18 bits. */
export function rembBitrateFields(bitrate: number): { exponent: number; mantissa: number } {
  let mantissa = Math.max(0, Math.floor(bitrate));
  let exponent = 0;
  while (mantissa > MAX_MANTISSA && exponent < MAX_EXPONENT) {
    mantissa = Math.floor(mantissa / 2);
    exponent++;
  }
  return { exponent, mantissa: Math.min(mantissa, MAX_MANTISSA) };
}

/** The complete RTCP packet (header included), ready to go into a compound packet. */
export function encodeRemb({ senderSsrc, bitrate, ssrcs }: Remb): Buffer {
  if (ssrcs.length === 0 || ssrcs.length > 255) throw new RangeError('REMB needs 1 to 255 SSRCs');
  const length = 20 + 4 * ssrcs.length;
  const bytes = Buffer.alloc(length);
  bytes[0] = 0x80 | REMB_FMT; // V=2, P=0
  bytes[1] = RTCP_PSFB;
  bytes.writeUInt16BE(length / 4 - 1, 2);
  bytes.writeUInt32BE(senderSsrc >>> 0, 4);
  bytes.writeUInt32BE(0, 8); // media source SSRC: always 0 for REMB
  bytes.write('REMB', 12, 'ascii');
  bytes[16] = ssrcs.length;
  const { exponent, mantissa } = rembBitrateFields(bitrate);
  bytes[17] = (exponent << 2) | (mantissa >>> 16);
  bytes.writeUInt16BE(mantissa & 0xffff, 18);
  ssrcs.forEach((ssrc, i) => bytes.writeUInt32BE(ssrc >>> 0, 20 + 4 * i));
  return bytes;
}
