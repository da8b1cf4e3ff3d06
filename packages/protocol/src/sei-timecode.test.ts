import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  annexBUnits,
  findSeiTimecodeAnnexB,
  findSeiTimecodeAvcc,
  findSeiTimecodeRtp,
  readSeiTimecode,
  seiTimecodeNal,
} from './sei-timecode';

const IDR = Uint8Array.from([0x65, 0x88, 0x84, 0x00, 0x00, 0x03, 0x01]);
const SPS = Uint8Array.from([0x67, 0x42, 0xc0, 0x1f]);

function avcc(...nals: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(nals.reduce((sum, nal) => sum + 4 + nal.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const nal of nals) {
    view.setUint32(at, nal.length);
    out.set(nal, at + 4);
    at += 4 + nal.length;
  }
  return out;
}

describe('SEI timecode', () => {
  it('round-trips any time, escaping the zero runs a timestamp makes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 }), (micros) => {
        const nal = seiTimecodeNal(micros);
        expect(nal[0]).toBe(0x06);
        for (let i = 2; i < nal.length; i++) {
          // No start code may appear inside the NAL unit.
          expect(nal[i - 2] === 0 && nal[i - 1] === 0 && nal[i]! <= 2).toBe(false);
        }
        expect(readSeiTimecode(nal)).toBe(micros);
      }),
      { numRuns: 300 },
    );
    // A time whose bytes are mostly zero needs emulation prevention.
    const escaped = seiTimecodeNal(1);
    expect(escaped.length).toBeGreaterThan(1 + 2 + 24 + 1);
    expect(readSeiTimecode(escaped)).toBe(1);
  });

  it('finds it in an MP4 sample, an Annex B stream and an RTP payload (single NAL or STAP-A)', () => {
    const now = 1_764_000_000_123_456;
    const sei = seiTimecodeNal(now);
    expect(findSeiTimecodeAvcc(avcc(SPS, sei, IDR))).toBe(now);
    expect(findSeiTimecodeAvcc(avcc(SPS, IDR))).toBeUndefined();

    const start = Uint8Array.from([0, 0, 0, 1]);
    const annexB = Uint8Array.from([...start, ...SPS, ...start, ...sei, 0, 0, 1, ...IDR]);
    expect([...annexBUnits(annexB)].map((nal) => nal[0])).toEqual([0x67, 0x06, 0x65]);
    expect(findSeiTimecodeAnnexB(annexB)).toBe(now);

    expect(findSeiTimecodeRtp(sei)).toBe(now);
    const stapA = Uint8Array.from([24, 0, SPS.length, ...SPS, 0, sei.length, ...sei]);
    expect(findSeiTimecodeRtp(stapA)).toBe(now);
    expect(findSeiTimecodeRtp(IDR)).toBeUndefined();
  });

  it('ignores other SEI messages and other UUIDs, and survives truncated or hostile bytes', () => {
    // A recovery point SEI (type 6), then ours: the parser walks past the first.
    const sei = seiTimecodeNal(42);
    const withOther = Uint8Array.from([0x06, 0x06, 0x01, 0x84, ...sei.subarray(1)]);
    expect(readSeiTimecode(withOther)).toBe(42);
    const otherUuid = Uint8Array.from(sei);
    otherUuid[3] = otherUuid[3]! ^ 0xff;
    expect(readSeiTimecode(otherUuid)).toBeUndefined();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        readSeiTimecode(Uint8Array.from([0x06, ...bytes]));
        findSeiTimecodeAvcc(bytes);
        findSeiTimecodeRtp(bytes);
        findSeiTimecodeAnnexB(bytes);
      }),
      { numRuns: 500 },
    );
    expect(readSeiTimecode(sei.subarray(0, 10))).toBeUndefined();
  });
});
