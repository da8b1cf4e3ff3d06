import { describe, expect, it } from 'vitest';
import type { CmafSample } from './cmaf-sample';
import { fragment } from './fragment';
import { findBoxes, fromHex, hex, readBoxes } from './testing/box-reader';

const sample = (dts: number, data: number[], keyframe: boolean, cts = 0): CmafSample => ({
  dts,
  cts,
  duration: 3000,
  keyframe,
  data: Uint8Array.from(data),
});

describe('fragment', () => {
  it('writes moof + mdat byte for byte (golden, computed by hand)', () => {
    // 2^32 + 5 ticks: tfdt must keep all 64 bits.
    const base = 2 ** 32 + 5;
    const bytes = fragment({
      sequenceNumber: 7,
      tracks: [
        { track: { id: 1 }, samples: [sample(base, [0xaa, 0xbb], true), sample(base + 3000, [0xcc], false)] },
      ],
    });
    const expected = fromHex(`
      00000070 6d6f6f66
        00000010 6d666864 00000000 00000007
        00000058 74726166
          00000010 74666864 00020000 00000001
          00000014 74666474 01000000 00000001 00000005
          0000002c 7472756e 00000701 00000002 00000078
            00000bb8 00000002 02000000
            00000bb8 00000001 01010000
      0000000b 6d646174 aabbcc`);
    // moof = 8 + mfhd 16 + traf (8 + tfhd 16 + tfdt 20 + trun 44) = 112; data_offset = 112 + 8 = 0x78.
    expect(hex(bytes)).toBe(hex(expected));
  });

  it('adds signed composition offsets (trun version 1) only when a sample has one', () => {
    const bytes = fragment({
      sequenceNumber: 1,
      tracks: [{ track: { id: 3 }, samples: [sample(0, [1], true, 6000), sample(3000, [2], false, -3000)] }],
    });
    const [trun] = findBoxes(readBoxes(bytes), 'moof/traf/trun');
    // 12 header + count + data_offset + 2 × (duration, size, flags, cts) = 52.
    expect(hex(trun?.bytes)).toBe(
      hex(
        fromHex(`00000034 7472756e 01000f01 00000002 00000080
          00000bb8 00000001 02000000 00001770
          00000bb8 00000001 01010000 fffff448`),
      ),
    );
  });

  it('points each traf of a multi-track fragment at its own run in the shared mdat', () => {
    const bytes = fragment({
      sequenceNumber: 2,
      tracks: [
        { track: { id: 1 }, samples: [sample(0, [1, 1, 1], true), sample(3000, [2, 2], false)] },
        {
          track: { id: 2 },
          samples: [{ dts: 960, cts: 0, duration: 960, keyframe: true, data: Uint8Array.of(9) }],
        },
      ],
    });
    const boxes = readBoxes(bytes);
    const [moof] = findBoxes(boxes, 'moof');
    const offsets = findBoxes(boxes, 'moof/traf/trun').map((trun) =>
      new DataView(trun.bytes.buffer, trun.bytes.byteOffset).getInt32(16),
    );
    const moofSize = moof?.bytes.length ?? 0;
    expect(offsets).toEqual([moofSize + 8, moofSize + 8 + 5]);
    expect([...bytes.subarray(moofSize + 8)]).toEqual([1, 1, 1, 2, 2, 9]);
    const tfdts = findBoxes(boxes, 'moof/traf/tfdt').map((tfdt) => hex(tfdt.bytes.subarray(12)));
    expect(tfdts).toEqual(['0000000000000000', '00000000000003c0']);
  });

  it('puts leading boxes in front without moving the data offsets', () => {
    const leading = fromHex('0000000c 66726565 01020304'); // a 'free' box stands in for styp/prft/emsg
    const samples = [sample(0, [5], true)];
    const plain = fragment({ sequenceNumber: 1, tracks: [{ track: { id: 1 }, samples }] });
    const led = fragment({
      sequenceNumber: 1,
      tracks: [{ track: { id: 1 }, samples }],
      leadingBoxes: [leading],
    });
    expect(hex(led)).toBe(hex(leading) + hex(plain));
  });

  it('leaves out tracks without samples and refuses an empty fragment', () => {
    const bytes = fragment({
      sequenceNumber: 1,
      tracks: [
        { track: { id: 1 }, samples: [] },
        { track: { id: 2 }, samples: [sample(0, [1], true)] },
      ],
    });
    expect(findBoxes(readBoxes(bytes), 'moof/traf')).toHaveLength(1);
    expect(() => fragment({ sequenceNumber: 1, tracks: [{ track: { id: 1 }, samples: [] }] })).toThrow(
      RangeError,
    );
  });

  it('refuses samples whose durations do not reach the next dts', () => {
    const samples = [sample(0, [1], true), sample(3001, [2], false)];
    expect(() => fragment({ sequenceNumber: 1, tracks: [{ track: { id: 1 }, samples }] })).toThrow(
      /sample 1 starts at 3001 but the previous one ends at 3000/,
    );
  });

  it('refuses out-of-range header fields instead of truncating them', () => {
    const samples = [sample(0, [1], true)];
    expect(() => fragment({ sequenceNumber: 2 ** 32, tracks: [{ track: { id: 1 }, samples }] })).toThrow(
      RangeError,
    );
    expect(() =>
      fragment({ sequenceNumber: 1, tracks: [{ track: { id: 1 }, samples: [sample(-1, [1], true)] }] }),
    ).toThrow(RangeError);
  });
});
