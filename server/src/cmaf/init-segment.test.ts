import { describe, expect, it } from 'vitest';
import { initSegment } from './init-segment';
import { boxPaths, findBoxes, fromHex, hex, readBoxes } from './testing/box-reader';
import { TEST_AUDIO_TRACK, TEST_AVCC, TEST_VIDEO_TRACK } from './testing/test-tracks';

const video = TEST_VIDEO_TRACK;
const audio = TEST_AUDIO_TRACK;
const avcC = TEST_AVCC;

const u32At = (bytes: Uint8Array | undefined, at: number) =>
  bytes ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at) : NaN;
const u16At = (bytes: Uint8Array | undefined, at: number) =>
  bytes ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(at) : NaN;

describe('initSegment', () => {
  const combined = readBoxes(initSegment([video, audio]));

  it('lays out ftyp + moov with one trak per track and mvex/trex, no mehd', () => {
    const trak = (entry: string, header: string) => [
      'moov/trak',
      'moov/trak/tkhd',
      'moov/trak/mdia',
      'moov/trak/mdia/mdhd',
      'moov/trak/mdia/hdlr',
      'moov/trak/mdia/minf',
      `moov/trak/mdia/minf/${header}`,
      'moov/trak/mdia/minf/dinf',
      'moov/trak/mdia/minf/dinf/dref',
      'moov/trak/mdia/minf/dinf/dref/url ',
      'moov/trak/mdia/minf/stbl',
      'moov/trak/mdia/minf/stbl/stsd',
      `moov/trak/mdia/minf/stbl/stsd/${entry}`,
      `moov/trak/mdia/minf/stbl/stsd/${entry}/${entry === 'avc1' ? 'avcC' : 'dOps'}`,
      'moov/trak/mdia/minf/stbl/stts',
      'moov/trak/mdia/minf/stbl/stsc',
      'moov/trak/mdia/minf/stbl/stsz',
      'moov/trak/mdia/minf/stbl/stco',
    ];
    expect(boxPaths(combined)).toEqual([
      'ftyp',
      'moov',
      'moov/mvhd',
      ...trak('avc1', 'vmhd'),
      ...trak('Opus', 'smhd'),
      'moov/mvex',
      'moov/mvex/trex',
      'moov/mvex/trex',
    ]);
  });

  it('writes the CMAF brands: iso6 major, iso6 cmfc mp41 compatible (golden)', () => {
    expect(hex(combined[0]?.bytes)).toBe(
      hex(fromHex('0000001c 66747970 69736f36 00000000 69736f36 636d6663 6d703431')),
    );
  });

  it('sets next_track_ID past the highest track id', () => {
    const [mvhd] = findBoxes(combined, 'moov/mvhd');
    expect(mvhd?.bytes.length).toBe(108);
    expect(u32At(mvhd?.bytes, 104)).toBe(3);
  });

  it('describes each track: ids, sizes, timescales, handlers', () => {
    const tkhds = findBoxes(combined, 'moov/trak/tkhd').map((box) => box.bytes);
    expect(tkhds.map((tkhd) => u32At(tkhd, 20))).toEqual([1, 2]); // track_ID
    expect(tkhds.map((tkhd) => u16At(tkhd, 44))).toEqual([0, 0x0100]); // volume: audio only
    expect(tkhds.map((tkhd) => [u32At(tkhd, 84), u32At(tkhd, 88)])).toEqual([
      [320 * 65536, 180 * 65536],
      [0, 0],
    ]);
    expect(findBoxes(combined, 'moov/trak/mdia/mdhd').map((box) => u32At(box.bytes, 20))).toEqual([
      90000, 48000,
    ]);
    expect(findBoxes(combined, 'moov/trak/mdia/hdlr').map((box) => hex(box.bytes.subarray(16, 20)))).toEqual([
      hex(Buffer.from('vide')),
      hex(Buffer.from('soun')),
    ]);
    expect(findBoxes(combined, 'moov/mvex/trex').map((box) => hex(box.bytes))).toEqual([
      hex(fromHex('00000020 74726578 00000000 00000001 00000001 00000000 00000000 00000000')),
      hex(fromHex('00000020 74726578 00000000 00000002 00000001 00000000 00000000 00000000')),
    ]);
  });

  it('writes the avc1 sample entry with the given avcC record untouched', () => {
    const [avc1] = findBoxes(combined, 'moov/trak/mdia/minf/stbl/stsd/avc1');
    expect([u16At(avc1?.bytes, 32), u16At(avc1?.bytes, 34)]).toEqual([320, 180]);
    expect(u16At(avc1?.bytes, 14)).toBe(1); // data_reference_index
    const [avcCBox] = findBoxes(combined, 'moov/trak/mdia/minf/stbl/stsd/avc1/avcC');
    expect(hex(avcCBox?.bytes.subarray(8))).toBe(hex(avcC));
  });

  it('writes the Opus sample entry and dOps version 0 (golden)', () => {
    const [opus] = findBoxes(combined, 'moov/trak/mdia/minf/stbl/stsd/Opus');
    expect(u16At(opus?.bytes, 24)).toBe(2); // channelcount
    expect(u16At(opus?.bytes, 26)).toBe(16); // samplesize
    expect(u32At(opus?.bytes, 32)).toBe(48000 * 65536); // samplerate 16.16
    const [dOps] = findBoxes(combined, 'moov/trak/mdia/minf/stbl/stsd/Opus/dOps');
    // Version 0, 2 channels, PreSkip 312, InputSampleRate 48000, OutputGain 0, mapping family 0.
    expect(hex(dOps?.bytes)).toBe(hex(fromHex('00000013 644f7073 00 02 0138 0000bb80 0000 00')));
  });

  it('writes a one-track init for a CMAF track file', () => {
    const boxes = readBoxes(initSegment([audio]));
    expect(findBoxes(boxes, 'moov/trak')).toHaveLength(1);
    expect(findBoxes(boxes, 'moov/mvex/trex')).toHaveLength(1);
  });

  it('refuses track lists it cannot describe', () => {
    expect(() => initSegment([])).toThrow(RangeError);
    expect(() => initSegment([video, { ...audio, id: 1 }])).toThrow(/used twice/);
    expect(() => initSegment([{ ...video, id: 0 }])).toThrow(RangeError);
    expect(() => initSegment([{ ...audio, channels: 6 }])).toThrow(/only 1 or 2/);
    expect(() => initSegment([{ ...video, width: 70000 }])).toThrow(RangeError);
  });
});
