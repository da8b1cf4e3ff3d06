import { findSeiTimecodeRtp, seiTimecodeNal } from '@brume/protocol';
import { describe, expect, it } from 'vitest';
import { H264Depacketizer } from '../media/h264-depacketizer';
import { fuA, insertBeforeFirstSlice, packetizePicture, stapA } from './h264-packetizer';

const nal = (type: number, size: number, nri = 3): Uint8Array => {
  const out = new Uint8Array(size);
  out[0] = (nri << 5) | type;
  for (let i = 1; i < size; i++) out[i] = (i * 7) & 0xff;
  // A slice starting at macroblock 0 (first_mb_in_slice ue(v) = 0: a leading 1 bit).
  if (size > 1) out[1] = 0x88;
  return out;
};

describe('packetizePicture', () => {
  it('aggregates small NAL units into one STAP-A with 16-bit sizes and the highest NRI', () => {
    const sps = nal(7, 10, 3);
    const sei = nal(6, 20, 0);
    const slice = nal(1, 30, 2);
    const [payload, ...rest] = packetizePicture([sps, sei, slice]);
    expect(rest).toEqual([]);
    expect(payload![0]).toBe(0x60 | 24);
    expect([...payload!.subarray(1, 3)]).toEqual([0, 10]);
    expect(payload!.subarray(3, 13)).toEqual(sps);
    expect([...payload!.subarray(13, 15)]).toEqual([0, 20]);
    expect(payload!.length).toBe(1 + 2 + 10 + 2 + 20 + 2 + 30);
  });

  it('sends a lone small NAL unit as a single NAL unit packet', () => {
    const slice = nal(1, 500);
    expect(packetizePicture([slice])).toEqual([slice]);
  });

  it('cuts a NAL unit over the MTU into FU-A fragments with start and end bits', () => {
    const idr = nal(5, 3000, 3);
    const payloads = packetizePicture([idr], 1200);
    expect(payloads).toHaveLength(3);
    for (const payload of payloads) {
      expect(payload.length).toBeLessThanOrEqual(1200);
      expect(payload[0]).toBe(0x60 | 28);
      expect(payload[1]! & 0x1f).toBe(5);
    }
    expect(payloads.map((p) => p[1]! & 0xc0)).toEqual([0x80, 0, 0x40]);
    const joined = Uint8Array.from([idr[0]!, ...payloads.flatMap((p) => [...p.subarray(2)])]);
    expect(joined).toEqual(idr);
  });

  it('starts a new STAP-A when the next NAL unit would not fit', () => {
    const payloads = packetizePicture([nal(7, 700), nal(8, 700), nal(1, 100)], 1200);
    expect(payloads.map((p) => p[0]! & 0x1f)).toEqual([7, 24]);
  });

  it('round-trips through the relay depacketizer: one picture per timestamp, marker on its last packet', () => {
    const pictures = [[nal(7, 12), nal(8, 4), nal(5, 4000)], [nal(1, 900)], [nal(1, 2500)]];
    const depacketizer = new H264Depacketizer();
    const frames: Uint8Array[][] = [];
    let seq = 65530; // wraps
    pictures.forEach((nals, n) => {
      const payloads = packetizePicture(nals);
      payloads.forEach((payload, i) => {
        const marker = i === payloads.length - 1;
        const results = depacketizer.push({
          payloadType: 96,
          sequenceNumber: seq++ & 0xffff,
          timestamp: 90000 + n * 3000,
          marker,
          ssrc: 1,
          payload,
        });
        for (const result of results) if (result.kind === 'frame') frames.push(result.frame.nalUnits);
      });
    });
    expect(frames.map((f) => f.map((n) => n[0]! & 0x1f))).toEqual([[7, 8, 5], [1], [1]]);
    expect(frames[0]![2]).toEqual(pictures[0]![2]);
  });
});

describe('stapA / fuA', () => {
  it('keeps the F bit of any member', () => {
    expect(stapA([Uint8Array.of(0x80 | 6, 1), Uint8Array.of(1, 2)])[0]).toBe(0x80 | 24);
  });

  it('makes one fragment with both bits for a NAL unit just over one payload', () => {
    const [only, ...none] = fuA(nal(1, 50), 100);
    expect(none).toEqual([]);
    expect(only![1]! & 0xc0).toBe(0xc0);
  });
});

describe('insertBeforeFirstSlice', () => {
  it('puts the timecode SEI after the parameter sets, first before the slices, in every picture', () => {
    const sei = seiTimecodeNal(1_700_000_000_123_456);
    const keyframe = insertBeforeFirstSlice([nal(7, 10), nal(8, 4), nal(6, 30), nal(5, 5000)], sei);
    expect(keyframe.map((n) => n[0]! & 0x1f)).toEqual([7, 8, 6, 6, 5]);
    expect(keyframe[3]).toBe(sei);
    const delta = insertBeforeFirstSlice([nal(1, 3000), nal(1, 3000)], sei);
    expect(delta[0]).toBe(sei);
    // Whatever the picture, the timecode is in a packet the relay looks into (SEI or STAP-A).
    for (const picture of [keyframe, delta, insertBeforeFirstSlice([nal(1, 40)], sei)]) {
      const found = packetizePicture(picture)
        .map(findSeiTimecodeRtp)
        .filter((t) => t !== undefined);
      expect(found).toEqual([1_700_000_000_123_456]);
    }
  });
});
