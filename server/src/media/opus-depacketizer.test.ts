import { describe, expect, it } from 'vitest';
import { OpusDepacketizer, type OpusDepacketizerResult } from './opus-depacketizer';
import type { RtpPacket } from './rtp-packet';

/** 20 ms CELT fullband packets (TOC 0xf8), as Chromium sends by default. */
function opusPackets(count: number, firstSeq = 100, firstTimestamp = 48000): RtpPacket[] {
  return Array.from({ length: count }, (_, i) => ({
    payloadType: 111,
    sequenceNumber: (firstSeq + i) % 2 ** 16,
    timestamp: (firstTimestamp + i * 960) % 2 ** 32,
    marker: i === 0,
    ssrc: 0xa0d10,
    payload: Uint8Array.of(0xf8, i, 0xff, 0xfe),
  }));
}

const describeResults = (results: OpusDepacketizerResult[]) =>
  results.map((r) => (r.kind === 'frame' ? `${r.frame.timestamp}+${r.frame.samples}` : `lost ${r.packets}`));

describe('OpusDepacketizer', () => {
  it('emits one frame per packet with its TOC duration and a copy of the payload', () => {
    const depacketizer = new OpusDepacketizer();
    const packets = opusPackets(3);
    const results = packets.flatMap((p) => depacketizer.push(p));
    expect(describeResults(results)).toEqual(['48000+960', '48960+960', '49920+960']);
    const first = results[0];
    expect(first?.kind === 'frame' && [...first.frame.data]).toEqual([0xf8, 0, 0xff, 0xfe]);
    expect(first?.kind === 'frame' && first.frame.data.buffer).not.toBe(packets[0]?.payload.buffer);
  });

  it('reports sequence gaps, also across the u16 wrap, and drops late packets', () => {
    const depacketizer = new OpusDepacketizer();
    const packets = opusPackets(6, 65533, 2 ** 32 - 960 * 2);
    const input = [packets[0], packets[1], packets[4], packets[2], packets[5]] as RtpPacket[];
    const results = input.flatMap((p) => depacketizer.push(p));
    expect(describeResults(results)).toEqual([
      `${2 ** 32 - 1920}+960`,
      `${2 ** 32 - 960}+960`,
      'lost 2',
      '1920+960',
      '2880+960',
    ]);
    expect(depacketizer.counters).toMatchObject({ packetsLost: 2, packetsLate: 1, framesOut: 4 });
  });

  it('counts malformed packets and emits nothing for them', () => {
    const depacketizer = new OpusDepacketizer();
    const [packet] = opusPackets(1);
    if (!packet) throw new Error('no packet');
    expect(depacketizer.push({ ...packet, payload: Uint8Array.of(0xfb, 0) })).toEqual([]);
    expect(depacketizer.counters.packetsMalformed).toBe(1);
  });
});
