import { describe, expect, it, vi } from 'vitest';
import { RTP_EXTENSION_URI, RtpHeader, RtpPacket, type RTCRtpSender } from 'werift';
import { FanoutPacket } from './fanout-packet';
import { FAST_PATH_WERIFT, FastRtpSender, installedWeriftVersion } from './fast-rtp-sender';

function packet(): FanoutPacket {
  const header = new RtpHeader({
    payloadType: 96,
    sequenceNumber: 10,
    timestamp: 1000,
    ssrc: 1,
    marker: true,
  });
  return new FanoutPacket(new RtpPacket(header, Buffer.from([1, 2, 3])), Date.UTC(2026, 0, 1));
}

/** Just enough of a connected werift sender for the plain path and the fast path's checks. */
function fakeSender(extensions: { id: number; uri: string }[] = []) {
  const sendRtp = vi.fn(async (rtp: RtpPacket) => {
    rtp.header.timestamp += 5;
  });
  const sender = {
    codec: { payloadType: 102 },
    sendRtp,
    headerExtensions: extensions,
    dtlsTransport: { state: 'connected', srtp: { localContext: undefined } },
  };
  return { sender: sender as unknown as RTCRtpSender, sendRtp };
}

describe('FastRtpSender', () => {
  it('is written for the installed werift', () => {
    expect(installedWeriftVersion()).toMatch(FAST_PATH_WERIFT);
  });

  it("sends through werift's sendRtp, from the first packet, under another werift version", () => {
    const { sender, sendRtp } = fakeSender();
    const reasons: string[] = [];
    const output = new FastRtpSender(sender, (reason) => reasons.push(reason), '0.25.0');
    expect(output.fast).toBe(false);
    expect(reasons[0]).toMatch(/werift 0\.25\.0/);
    // The timestamp werift rewrote in place is what the viewer got.
    expect(output.send(packet())).toBe(1005);
    expect(sendRtp).toHaveBeenCalledTimes(1);
    const sent = sendRtp.mock.calls[0]?.[0];
    expect(sent?.header.extensions).toEqual([]);
  });

  it("falls back to werift's sendRtp when the sender's internals are not what it reads", () => {
    const { sender, sendRtp } = fakeSender([{ id: 3, uri: RTP_EXTENSION_URI.transportWideCC }]);
    const reasons: string[] = [];
    const output = new FastRtpSender(sender, (reason) => reasons.push(reason), '0.24.4');
    expect(output.fast).toBe(true);
    output.send(packet());
    output.send(packet());
    expect(output.fast).toBe(false);
    expect(reasons).toHaveLength(1);
    expect(sendRtp).toHaveBeenCalledTimes(2);
  });

  it('sends nothing before the transport is connected', () => {
    const { sender, sendRtp } = fakeSender();
    (sender as unknown as { dtlsTransport: { state: string } }).dtlsTransport.state = 'connecting';
    expect(new FastRtpSender(sender, undefined, '0.24.4').send(packet())).toBeUndefined();
    expect(sendRtp).not.toHaveBeenCalled();
  });
});

describe('FanoutPacket', () => {
  it('stamps the send time once as NTP and abs-send-time', () => {
    const at = Date.UTC(2026, 0, 1, 0, 0, 1, 500);
    const shared = new FanoutPacket(new RtpPacket(new RtpHeader(), Buffer.alloc(0)), at);
    const seconds = at / 1000 - 0.5 + 2_208_988_800;
    expect(shared.ntp).toBe((BigInt(seconds) << 32n) | 0x80000000n);
    // abs-send-time: 6 bits of seconds, 18 of fraction.
    expect(shared.absSendTime).toBe(((seconds & 0x3f) << 18) | (0x80000000 >>> 14));
  });
});
