import { readFileSync } from 'node:fs';
import type { CmafSample, CmafTrack } from '../cmaf-sample';
import { buildAvcC, findParameterSets, groupAccessUnits, splitAnnexB, toAvcc } from './annex-b';
import { opusPacketSamples, readOggOpus } from './ogg-opus';
import { TEST_VIDEO_TRACK } from './test-tracks';

const fixtures = new URL('../fixtures/', import.meta.url);

/** 2 s of 30 fps testsrc, 320x180, x264 Baseline, GOP 30 (keyframes at frames 0 and 30). */
export const VIDEO_FIXTURE = 'testsrc-320x180-baseline-gop30.h264';
/** 2 s of a 1 kHz sine, stereo libopus 64 kbit/s, 20 ms packets. */
export const AUDIO_FIXTURE = 'sine-1khz-stereo-2s.opus.ogg';

export const VIDEO_FRAME_TICKS = 3000; // 90 kHz / 30 fps

export function loadVideo(): { track: CmafTrack; samples: CmafSample[] } {
  const nalUnits = splitAnnexB(new Uint8Array(readFileSync(new URL(VIDEO_FIXTURE, fixtures))));
  const { sps, pps } = findParameterSets(nalUnits);
  // The packaging tests' video track, with the fixture's own parameter sets.
  const track: CmafTrack = { ...TEST_VIDEO_TRACK, avcC: buildAvcC(sps, pps) };
  const samples = groupAccessUnits(nalUnits).map((unit, index) => ({
    dts: index * VIDEO_FRAME_TICKS,
    cts: 0,
    duration: VIDEO_FRAME_TICKS,
    keyframe: unit.keyframe,
    data: toAvcc(unit.nalUnits),
  }));
  return { track, samples };
}

export function loadAudio(): { track: CmafTrack; samples: CmafSample[] } {
  const ogg = readOggOpus(new Uint8Array(readFileSync(new URL(AUDIO_FIXTURE, fixtures))));
  const track: CmafTrack = {
    id: 2,
    kind: 'audio',
    codec: 'opus',
    timescale: 48000,
    channels: ogg.channels,
    sampleRate: 48000,
    preSkip: ogg.preSkip,
  };
  let dts = 0;
  const samples = ogg.packets.map((data) => {
    const duration = opusPacketSamples(data);
    const sample = { dts, cts: 0, duration, keyframe: true, data };
    dts += duration;
    return sample;
  });
  return { track, samples };
}

/** Groups samples into parts by decode-time windows of `ticksPerPart` (200 ms parts: 18000 at 90 kHz). */
export function splitByTime(samples: readonly CmafSample[], ticksPerPart: number): CmafSample[][] {
  const parts: CmafSample[][] = [];
  for (const sample of samples) {
    const index = Math.floor(sample.dts / ticksPerPart);
    (parts[index] ??= []).push(sample);
  }
  return parts;
}
