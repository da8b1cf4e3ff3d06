import { describe, expect, it } from 'vitest';
import { senderReportRtpTimestamp } from './sender-report';

/** A sender report as ffmpeg sends it: header, SSRC, NTP, RTP timestamp, counts. */
function report(ssrc: number, rtp: number, type = 200): Uint8Array {
  const bytes = new Uint8Array(28);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 0x80);
  view.setUint8(1, type);
  view.setUint16(2, 6);
  view.setUint32(4, ssrc);
  view.setUint32(8, 0xe8000000);
  view.setUint32(16, rtp);
  return bytes;
}

describe('senderReportRtpTimestamp', () => {
  it("reads the RTP timestamp of the session's own sender reports", () => {
    expect(senderReportRtpTimestamp(report(1234, 0xfedcba98), 1234)).toBe(0xfedcba98);
  });

  it('ignores other SSRCs, other packet types, and short or non-RTCP datagrams', () => {
    expect(senderReportRtpTimestamp(report(99, 5), 1234)).toBeUndefined();
    expect(senderReportRtpTimestamp(report(1234, 5, 203), 1234)).toBeUndefined();
    expect(senderReportRtpTimestamp(report(1234, 5).subarray(0, 20), 1234)).toBeUndefined();
    const rtp = report(1234, 5);
    rtp[0] = 0x40;
    expect(senderReportRtpTimestamp(rtp, 1234)).toBeUndefined();
  });
});
