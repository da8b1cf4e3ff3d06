import { describe, expect, it } from 'vitest';
import { ReceiverEstimatedMaxBitrate } from 'werift';
import { encodeRemb, rembBitrateFields } from './remb';

describe('REMB', () => {
  it('encodes the example packet of pion/rtcp byte for byte', () => {
    // pion/rtcp receiver_estimated_maximum_bitrate_test.go: sender 1, 8927168 bit/s, one SSRC.
    const golden = Uint8Array.from([
      0x8f, 0xce, 0x00, 0x05, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x52, 0x45, 0x4d, 0x42, 0x01,
      0x1a, 0x20, 0xdf, 0x48, 0x74, 0xed, 0x16,
    ]);
    expect([...encodeRemb({ senderSsrc: 1, bitrate: 8_927_168, ssrcs: [1215622422] })]).toEqual([...golden]);
  });

  it('carries the ingest cap exactly and is read back by werift', () => {
    const bytes = encodeRemb({ senderSsrc: 0xdeadbeef, bitrate: 6_000_000, ssrcs: [0x11223344, 0x55667788] });
    expect(bytes.length).toBe(28);
    expect(bytes.readUInt16BE(2)).toBe(6); // 32-bit words minus one
    expect([...bytes.subarray(16, 20)]).toEqual([0x02, 0x16, 0xdc, 0x6c]); // 187500 << 5
    const parsed = ReceiverEstimatedMaxBitrate.deSerialize(bytes.subarray(4));
    expect(parsed.bitrate).toBe(6_000_000n);
    expect(parsed.senderSsrc).toBe(0xdeadbeef);
    expect(parsed.ssrcFeedbacks).toEqual([0x11223344, 0x55667788]);
  });

  it('rounds down to an 18-bit mantissa and never goes negative', () => {
    expect(rembBitrateFields(262_143)).toEqual({ exponent: 0, mantissa: 262_143 });
    expect(rembBitrateFields(262_144)).toEqual({ exponent: 1, mantissa: 131_072 });
    expect(rembBitrateFields(1_000_001)).toEqual({ exponent: 2, mantissa: 250_000 });
    expect(rembBitrateFields(-5)).toEqual({ exponent: 0, mantissa: 0 });
  });

  it('refuses an empty SSRC list', () => {
    expect(() => encodeRemb({ senderSsrc: 1, bitrate: 1, ssrcs: [] })).toThrow(RangeError);
  });
});
