import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { avcCodecString, buildAvcC, H264ParameterSets, toAvccSample } from './h264-parameter-sets';
import { groupPictures, splitAnnexB } from './testing/h264-rtp-packetizer';

const fixtures = new URL('./fixtures/', import.meta.url);
const pictures = groupPictures(
  splitAnnexB(readFileSync(new URL('testsrc-320x180-baseline-gop5.h264', fixtures))),
);
/** The avcC box body ffmpeg wrote for the fixture (`ffmpeg -i fixture.h264 -c copy x.mp4`). */
const ffmpegAvcC = new Uint8Array(readFileSync(new URL('testsrc-320x180-baseline-gop5.avcC', fixtures)));

const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('hex');
const bytes = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const nalType = (nal: Uint8Array) => (nal[0] ?? 0) & 0x1f;

describe('H264ParameterSets', () => {
  it('builds the configuration from the in-band SPS and PPS of the first IDR', () => {
    const sets = new H264ParameterSets();
    expect(sets.update(pictures[0] ?? [])).toBe(true);
    expect(sets.config).toMatchObject({ codec: 'avc1.42c00d', width: 320, height: 180 });
    expect(hex(sets.config?.avcC)).toBe(hex(ffmpegAvcC));
  });

  it('reports no change for repeated parameter sets and a change for different ones', () => {
    const sets = new H264ParameterSets();
    expect(sets.update(pictures[1] ?? [])).toBe(false);
    expect(sets.config).toBeUndefined();
    sets.update(pictures[0] ?? []);
    expect(sets.update(pictures[5] ?? [])).toBe(false);
    // The same PPS with a 640x360 SPS (x264), as after an encoder resolution change.
    expect(sets.update([bytes('6742c01ed900a02ff970110000030001000003003c0f162e48')])).toBe(true);
    expect(sets.config).toMatchObject({ codec: 'avc1.42c01e', width: 640, height: 360 });
  });

  it('ignores an SPS it cannot parse', () => {
    const sets = new H264ParameterSets();
    sets.update(pictures[0] ?? []);
    expect(sets.update([bytes('6742c0')])).toBe(false);
    expect(sets.config?.width).toBe(320);
  });
});

describe('buildAvcC', () => {
  it('lays out the record field by field', () => {
    const [sps, pps] = (pictures[0] ?? []).filter((nal) => nalType(nal) === 7 || nalType(nal) === 8);
    if (!sps || !pps) throw new Error('fixture lacks parameter sets');
    const avcC = buildAvcC(sps, pps);
    expect([...avcC.subarray(0, 6)]).toEqual([1, 0x42, 0xc0, 0x0d, 0xff, 0xe1]);
    expect((avcC[6] ?? 0) * 256 + (avcC[7] ?? 0)).toBe(sps.length);
    expect(hex(avcC.subarray(8, 8 + sps.length))).toBe(hex(sps));
    const p = 8 + sps.length;
    expect(avcC[p]).toBe(1);
    expect((avcC[p + 1] ?? 0) * 256 + (avcC[p + 2] ?? 0)).toBe(pps.length);
    expect(hex(avcC.subarray(p + 3))).toBe(hex(pps));
  });

  it('adds chroma format and bit depths for High profile, as ffmpeg does', () => {
    // SPS, PPS and avcC of `ffmpeg -f lavfi -i testsrc=size=320x180 -pix_fmt yuv420p -c:v libx264 -profile:v high`.
    const sps = bytes('6764000dacd941419f9f0110000003001000000303c0f1429960');
    const pps = bytes('68ebe3cb22c0');
    expect(hex(buildAvcC(sps, pps))).toBe(`0164000dffe1001a${hex(sps)}010006${hex(pps)}fdf8f800`);
  });
});

describe('avcCodecString', () => {
  it('is avc1 + profile, constraints and level in hex', () => {
    expect(avcCodecString(bytes('6742e01f'))).toBe('avc1.42e01f');
    expect(avcCodecString(bytes('64640028'))).toBe('avc1.640028');
  });
});

describe('toAvccSample', () => {
  it('length-prefixes NAL units and leaves out SPS, PPS and AUD, keeping SEI', () => {
    const picture = pictures[0] ?? [];
    expect(picture.map(nalType)).toEqual([9, 7, 8, 6, 5]);
    const sample = toAvccSample(picture);
    const [, , , sei, idr] = picture;
    if (!sei || !idr) throw new Error('fixture changed');
    expect(sample.length).toBe(8 + sei.length + idr.length);
    const view = new DataView(sample.buffer);
    expect(view.getUint32(0)).toBe(sei.length);
    expect(hex(sample.subarray(4, 4 + sei.length))).toBe(hex(sei));
    expect(view.getUint32(4 + sei.length)).toBe(idr.length);
    expect(hex(sample.subarray(8 + sei.length))).toBe(hex(idr));
  });
});
