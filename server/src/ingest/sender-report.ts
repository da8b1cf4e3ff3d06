/** RTCP packet type of a sender report (RFC 3550 §6.4.1). */
const SENDER_REPORT = 200;

/**
 * The RTP timestamp of an RTCP sender report from `ssrc` that starts `datagram` (ffmpeg sends each
 * on its own), or undefined for anything else.
 */
export function senderReportRtpTimestamp(datagram: Uint8Array, ssrc: number): number | undefined {
  if (datagram.length < 28 || (datagram[0] ?? 0) >> 6 !== 2 || datagram[1] !== SENDER_REPORT)
    return undefined;
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  if (view.getUint32(4) !== ssrc >>> 0) return undefined;
  return view.getUint32(16);
}
