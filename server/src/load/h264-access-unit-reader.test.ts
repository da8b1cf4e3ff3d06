import { describe, expect, it } from 'vitest';
import { H264AccessUnitReader } from './h264-access-unit-reader';

const START4 = [0, 0, 0, 1];
const START3 = [0, 0, 1];
const AUD = [0x09, 0xf0];
const SPS = [0x67, 0x42, 0xc0, 0x1e];
const PPS = [0x68, 0xce, 0x3c, 0x80];
const IDR = [0x65, 0x88, 0x84, 0x00, 0x00, 0x03, 0x01, 0x02];
const P = [0x41, 0x9a, 0x02];

const stream = Uint8Array.from([
  ...START4,
  ...AUD,
  ...START4,
  ...SPS,
  ...START4,
  ...PPS,
  ...START3,
  ...IDR,
  ...START4,
  ...AUD,
  ...START3,
  ...P,
  ...START3,
  ...P,
  ...START4,
  ...AUD,
  ...START3,
  ...P,
]);

const types = (nals: Uint8Array[]) => nals.map((n) => n[0]! & 0x1f);

describe('H264AccessUnitReader', () => {
  it('completes a picture when the next delimiter arrives, without the delimiter', () => {
    const reader = new H264AccessUnitReader();
    const units = reader.push(stream, 5);
    expect(units.map((u) => types(u.nals))).toEqual([
      [7, 8, 5],
      [1, 1],
    ]);
    expect(units[0]!.nals[2]).toEqual(Uint8Array.from(IDR));
    expect(units[0]!.receivedAt).toBe(5);
    expect(types(reader.flush(6)!.nals)).toEqual([1]);
    expect(reader.flush(7)).toBeUndefined();
  });

  it('gives the same pictures whatever the chunking, even a start code split across chunks', () => {
    for (let size = 1; size <= 7; size++) {
      const reader = new H264AccessUnitReader();
      const units = [];
      for (let at = 0; at < stream.length; at += size)
        units.push(...reader.push(stream.subarray(at, at + size), at));
      const last = reader.flush(stream.length);
      expect([...units, last].map((u) => types(u!.nals))).toEqual([[7, 8, 5], [1, 1], [1]]);
      expect(units[0]!.nals[2]).toEqual(Uint8Array.from(IDR));
    }
  });

  it('stamps a picture with the time its delimiter came, not the time it completed', () => {
    const reader = new H264AccessUnitReader();
    const second = stream.indexOf(0x09, 10) - 4;
    reader.push(stream.subarray(0, second + 6), 100); // first picture and the next delimiter's start
    const [first] = reader.push(stream.subarray(second + 6), 133);
    expect(first!.receivedAt).toBe(100);
  });

  it('skips NAL units before the first delimiter', () => {
    const reader = new H264AccessUnitReader();
    const units = reader.push(
      Uint8Array.from([
        ...START3,
        ...P,
        ...START3,
        ...AUD,
        ...START3,
        ...IDR,
        ...START3,
        ...AUD,
        ...START3,
        ...P,
      ]),
      0,
    );
    expect(units.map((u) => types(u.nals))).toEqual([[5]]);
    expect(reader.skipped).toBe(1);
  });
});
