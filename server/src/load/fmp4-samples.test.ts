import { findSeiTimecodeAvcc, seiTimecodeNal } from '@brume/protocol';
import { describe, expect, it } from 'vitest';
import { fragment, initSegment, segmentType, type CmafSample } from '../cmaf';
import { TEST_AUDIO_TRACK, TEST_VIDEO_TRACK } from '../cmaf/testing/test-tracks';
import { FragmentReader, parseFragments, parseInitSegment } from './fmp4-samples';

const video = TEST_VIDEO_TRACK;
const audio = TEST_AUDIO_TRACK;

/** An AVCC picture: a timecode SEI, then a fake slice. */
function picture(unixMicros: number, keyframe: boolean): Uint8Array {
  const sei = seiTimecodeNal(unixMicros);
  const slice = Uint8Array.from([keyframe ? 0x65 : 0x41, 1, 2, 3]);
  const out = new Uint8Array(4 + sei.length + 4 + slice.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, sei.length);
  out.set(sei, 4);
  view.setUint32(4 + sei.length, slice.length);
  out.set(slice, 8 + sei.length);
  return out;
}

const videoSamples: CmafSample[] = [0, 1, 2].map((i) => ({
  dts: 6000 * i,
  cts: 0,
  duration: 6000,
  keyframe: i === 0,
  data: picture(1_700_000_000_000_000 + i * 66_666, i === 0),
}));
const audioSamples: CmafSample[] = [0, 1].map((i) => ({
  dts: 960 * i,
  cts: 0,
  duration: 960,
  keyframe: true,
  data: Uint8Array.from([0xf8, 0xff, 0xfe]),
}));

describe('parseInitSegment', () => {
  it('reads track ids, kinds and timescales', () => {
    expect(
      parseInitSegment(initSegment([video, audio])).map(({ id, kind, timescale }) => [id, kind, timescale]),
    ).toEqual([
      [1, 'video', 90000],
      [2, 'audio', 48000],
    ]);
  });

  it('refuses bytes without a moov', () => {
    expect(() => parseInitSegment(segmentType())).toThrow(/no moov/);
  });
});

describe('parseFragments', () => {
  const tracks = parseInitSegment(initSegment([video, audio]));

  it('gives every sample of every traf with its time, flags and bytes', () => {
    const bytes = fragment({
      sequenceNumber: 7,
      tracks: [
        { track: video, samples: videoSamples },
        { track: audio, samples: audioSamples },
      ],
      leadingBoxes: [segmentType()],
    });
    const samples = parseFragments(bytes, tracks);
    const pictures = samples.filter((s) => s.trackId === 1);
    expect(pictures.map((s) => [s.decodeTime, s.duration, s.keyframe])).toEqual([
      [0, 6000, true],
      [6000, 6000, false],
      [12000, 6000, false],
    ]);
    expect(pictures.map((s) => findSeiTimecodeAvcc(s.data))).toEqual([
      1_700_000_000_000_000, 1_700_000_000_066_666, 1_700_000_000_133_332,
    ]);
    expect(samples.filter((s) => s.trackId === 2).map((s) => s.data)).toEqual(
      audioSamples.map((s) => s.data),
    );
  });

  it('reads several moof+mdat pairs in one buffer', () => {
    const one = fragment({
      sequenceNumber: 1,
      tracks: [{ track: video, samples: videoSamples.slice(0, 1) }],
    });
    const two = fragment({ sequenceNumber: 2, tracks: [{ track: video, samples: videoSamples.slice(1) }] });
    const both = new Uint8Array([...one, ...two]);
    expect(parseFragments(both, tracks).map((s) => s.decodeTime)).toEqual([0, 6000, 12000]);
  });
});

describe('FragmentReader', () => {
  it('hands out whole fragments from a body cut anywhere', () => {
    const one = fragment({
      sequenceNumber: 1,
      tracks: [{ track: video, samples: videoSamples.slice(0, 2) }],
      leadingBoxes: [segmentType()],
    });
    const two = fragment({ sequenceNumber: 2, tracks: [{ track: video, samples: videoSamples.slice(2) }] });
    const body = new Uint8Array([...one, ...two]);
    const tracks = parseInitSegment(initSegment([video]));
    for (const cut of [1, 7, 50, 100]) {
      const reader = new FragmentReader();
      const times: number[] = [];
      for (let at = 0; at < body.length; at += cut) {
        for (const f of reader.push(body.subarray(at, at + cut))) {
          times.push(...parseFragments(f, tracks).map((s) => s.decodeTime));
        }
      }
      expect(times).toEqual([0, 6000, 12000]);
      expect(reader.buffered).toBe(0);
    }
  });
});
