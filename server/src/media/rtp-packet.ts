/**
 * One received RTP packet as the media pipeline sees it: the header fields it needs and the payload.
 * Plain data so that wire code stays independent of werift; the relay copies these out of werift's
 * `RtpPacket`.
 */
export interface RtpPacket {
  payloadType: number;
  /** u16, wraps. */
  sequenceNumber: number;
  /** u32 in the codec's clock (90000 H.264, 48000 Opus), wraps. */
  timestamp: number;
  marker: boolean;
  ssrc: number;
  payload: Uint8Array;
}
