import type { RtpPacket } from 'werift';

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;

/**
 * One publisher RTP packet on its way to every viewer of the stream, with what is the same for all
 * of them worked out once: the send time as an NTP timestamp (for sender reports) and as the
 * 24-bit abs-send-time header extension. Per viewer only SSRC, payload type, sequence number,
 * timestamp, the viewer's own extension ids and the encryption differ.
 */
export class FanoutPacket {
  /** 64-bit NTP timestamp of the send time (RFC 3550 §4). */
  readonly ntp: bigint;
  /** abs-send-time: seconds in 6.18 fixed point, 24 bits (webrtc.org abs-send-time). */
  readonly absSendTime: number;

  constructor(
    readonly source: RtpPacket,
    nowMs: number = performance.timeOrigin + performance.now(),
  ) {
    const seconds = Math.floor(nowMs / 1000) + NTP_UNIX_OFFSET_S;
    const fraction = Math.floor(((nowMs % 1000) / 1000) * 2 ** 32) >>> 0;
    this.ntp = (BigInt(seconds) << 32n) | BigInt(fraction);
    this.absSendTime = ((seconds & 0x3f) << 18) | (fraction >>> 14);
  }

  get payload(): Buffer {
    return this.source.payload;
  }
}
