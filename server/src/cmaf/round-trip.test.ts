import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input, type InputTrack } from 'mediabunny';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CmafSample, CmafTrack } from './cmaf-sample';
import { eventMessage, ID3_SCHEME_ID_URI } from './emsg';
import { segmentType } from './file-type';
import { fragment, type FragmentTrack } from './fragment';
import { id3TextTag } from './id3';
import { initSegment } from './init-segment';
import { producerReferenceTime } from './prft';
import { loadAudio, loadVideo, splitByTime, VIDEO_FIXTURE } from './testing/fixture-media';
import {
  ffmpegDecodeErrors,
  ffprobe,
  hasTool,
  type ProbedPacket,
  videoFrameMd5s,
} from './testing/media-tools';

/**
 * Real media through the writer and back out through two independent readers (ffprobe/ffmpeg and
 * mediabunny). Parts are 200 ms: 6 video frames, so most parts start in the middle of a GOP, which
 * is exactly what mediabunny's own muxer cannot write.
 */
const video = loadVideo();
const audio = loadAudio();
const PART_VIDEO_TICKS = 18_000; // 200 ms at 90 kHz
const PART_AUDIO_TICKS = 9_600; // 200 ms at 48 kHz
const PARTS_PER_SEGMENT = 5;

/** An init segment and one fragment per 200 ms, as a player would fetch them, concatenated. */
function buildFile(tracks: ReadonlyArray<{ track: CmafTrack; samples: CmafSample[] }>): Uint8Array {
  const parts = tracks.map(({ track, samples }) =>
    splitByTime(samples, track.kind === 'video' ? PART_VIDEO_TICKS : PART_AUDIO_TICKS),
  );
  const partCount = Math.max(...parts.map((list) => list.length));
  const chunks = [initSegment(tracks.map(({ track }) => track))];
  for (let index = 0; index < partCount; index++) {
    const entries: FragmentTrack[] = tracks.map(({ track }, t) => ({
      track,
      samples: parts[t]?.[index] ?? [],
    }));
    const first = entries.find((entry) => entry.samples.length > 0);
    const firstDts = first?.samples[0]?.dts ?? 0;
    const leadingBoxes = [
      // A segment boundary every 5 parts, with the boxes CMAF puts in front of a moof.
      ...(index % PARTS_PER_SEGMENT === 0 ? [segmentType()] : []),
      producerReferenceTime({
        referenceTrackId: first?.track.id ?? 1,
        unixMs: 1_700_000_000_000 + index * 200,
        mediaTime: firstDts,
      }),
      eventMessage({
        schemeIdUri: ID3_SCHEME_ID_URI,
        timescale: 1000,
        presentationTime: index * 200,
        id: index,
        messageData: id3TextTag('brume', JSON.stringify({ part: index })),
      }),
    ];
    chunks.push(fragment({ sequenceNumber: index + 1, tracks: entries, leadingBoxes }));
  }
  return Buffer.concat(chunks);
}

const ffmpegTools = hasTool('ffprobe') && hasTool('ffmpeg');
let dir = '';
const files = { combined: '', video: '', audio: '' };
const bytes: Record<keyof typeof files, Uint8Array> = {
  combined: new Uint8Array(),
  video: new Uint8Array(),
  audio: new Uint8Array(),
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'brume-cmaf-'));
  bytes.combined = buildFile([video, audio]);
  bytes.video = buildFile([video]);
  bytes.audio = buildFile([audio]);
  for (const name of ['combined', 'video', 'audio'] as const) {
    files[name] = join(dir, `${name}.mp4`);
    writeFileSync(files[name], bytes[name]);
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('fixtures', () => {
  it('hold 60 frames with keyframes at 0 and 30, and 20 ms stereo Opus packets', () => {
    expect(video.samples).toHaveLength(60);
    expect(video.samples.flatMap((s, i) => (s.keyframe ? [i] : []))).toEqual([0, 30]);
    expect(audio.track).toMatchObject({ channels: 2 });
    expect(audio.samples.length).toBeGreaterThanOrEqual(100);
    expect(new Set(audio.samples.map((s) => s.duration))).toEqual(new Set([960]));
  });

  it('cut into 6-frame parts, 8 of the 10 starting mid-GOP (what mediabunny cannot write)', () => {
    const parts = splitByTime(video.samples, PART_VIDEO_TICKS);
    expect(parts.map((part) => part.length)).toEqual(Array(10).fill(6));
    expect(parts.filter((part) => !part[0]?.keyframe)).toHaveLength(8);
  });
});

describe.skipIf(!ffmpegTools)('ffprobe / ffmpeg readback', () => {
  const packetsOf = (packets: ProbedPacket[], stream: number) =>
    packets.filter((p) => p.stream_index === stream);
  const expectIncreasingPts = (packets: ProbedPacket[]) =>
    packets.slice(1).forEach((packet, i) => expect(packet.pts).toBeGreaterThan(packets[i]?.pts ?? Infinity));

  function expectVideoPackets(packets: ProbedPacket[]) {
    expect(packets).toHaveLength(video.samples.length);
    expectIncreasingPts(packets);
    packets.forEach((packet, i) => {
      const sample = video.samples[i];
      expect(packet.dts).toBe(sample?.dts);
      expect(packet.pts).toBe(sample?.dts);
      expect(packet.duration).toBe(3000);
      expect(Number(packet.size)).toBe(sample?.data.length);
      expect(packet.flags.startsWith('K')).toBe(sample?.keyframe);
    });
  }

  function expectAudioPackets(packets: ProbedPacket[]) {
    expect(packets).toHaveLength(audio.samples.length);
    expectIncreasingPts(packets);
    packets.forEach((packet, i) => {
      const sample = audio.samples[i];
      expect(packet.dts).toBe(sample?.dts);
      expect(packet.pts).toBe(sample?.dts);
      // ffmpeg 5.1's mov demuxer leaves Opus durations unset in fragmented files (its own muxer's
      // output too); the dts above, summed from the trun durations, checks them instead.
      expect(packet.duration ?? 960).toBe(960);
      expect(Number(packet.size)).toBe(sample?.data.length);
      expect(packet.flags.startsWith('K')).toBe(true);
    });
  }

  it('reads the two-track file: h264 320x180 + opus 48 kHz stereo, every packet in place', () => {
    const probe = ffprobe(files.combined);
    expect(probe.streams.map((s) => s.codec_name)).toEqual(['h264', 'opus']);
    expect(probe.streams[0]).toMatchObject({
      codec_type: 'video',
      width: 320,
      height: 180,
      time_base: '1/90000',
    });
    expect(probe.streams[1]).toMatchObject({
      codec_type: 'audio',
      sample_rate: '48000',
      channels: 2,
      time_base: '1/48000',
    });
    expectVideoPackets(packetsOf(probe.packets, 0));
    expectAudioPackets(packetsOf(probe.packets, 1));
  });

  it('reads the single-track CMAF files', () => {
    const videoProbe = ffprobe(files.video);
    expect(videoProbe.streams).toHaveLength(1);
    expectVideoPackets(videoProbe.packets);
    const audioProbe = ffprobe(files.audio);
    expect(audioProbe.streams).toHaveLength(1);
    expectAudioPackets(audioProbe.packets);
  });

  it('decodes every file without a single error', () => {
    expect(ffmpegDecodeErrors(files.combined)).toBe('');
    expect(ffmpegDecodeErrors(files.video)).toBe('');
    expect(ffmpegDecodeErrors(files.audio)).toBe('');
  });

  it('decodes to the same pictures as the Annex B fixture it came from', () => {
    const original = videoFrameMd5s(
      fileURLToPath(new URL(`fixtures/${VIDEO_FIXTURE}`, import.meta.url)),
      'h264',
    );
    expect(original).toHaveLength(60);
    expect(videoFrameMd5s(files.combined)).toEqual(original);
    expect(videoFrameMd5s(files.video)).toEqual(original);
  });
});

describe('mediabunny readback', () => {
  async function readPackets(track: InputTrack) {
    const packets = [];
    for await (const packet of new EncodedPacketSink(track).packets()) packets.push(packet);
    return packets;
  }

  function expectSamples(
    packets: Awaited<ReturnType<typeof readPackets>>,
    samples: readonly CmafSample[],
    timescale: number,
  ) {
    expect(packets).toHaveLength(samples.length);
    packets.forEach((packet, i) => {
      const sample = samples[i];
      expect(Buffer.from(packet.data).equals(Buffer.from(sample?.data ?? []))).toBe(true);
      expect(packet.timestamp).toBeCloseTo((sample?.dts ?? NaN) / timescale, 9);
      expect(packet.duration).toBeCloseTo((sample?.duration ?? NaN) / timescale, 9);
      expect(packet.type).toBe(sample?.keyframe ? 'key' : 'delta');
    });
  }

  it('gets back the exact sample bytes, timestamps and key flags from the two-track file', async () => {
    using input = new Input({ source: new BufferSource(bytes.combined), formats: ALL_FORMATS });
    const [videoTrack] = await input.getVideoTracks();
    const [audioTrack] = await input.getAudioTracks();
    if (!videoTrack || !audioTrack) throw new Error('mediabunny found no video or audio track');
    expect(videoTrack.codec).toBe('avc');
    expect([videoTrack.codedWidth, videoTrack.codedHeight]).toEqual([320, 180]);
    expect(await videoTrack.getCodecParameterString()).toBe('avc1.42c00d');
    expect(audioTrack.codec).toBe('opus');
    expect([audioTrack.numberOfChannels, audioTrack.sampleRate]).toEqual([2, 48000]);
    expectSamples(await readPackets(videoTrack), video.samples, 90000);
    expectSamples(await readPackets(audioTrack), audio.samples, 48000);
  });

  it('reads the single-track CMAF files the same way', async () => {
    using videoInput = new Input({ source: new BufferSource(bytes.video), formats: ALL_FORMATS });
    const [videoTrack] = await videoInput.getVideoTracks();
    if (!videoTrack) throw new Error('no video track');
    expectSamples(await readPackets(videoTrack), video.samples, 90000);
    using audioInput = new Input({ source: new BufferSource(bytes.audio), formats: ALL_FORMATS });
    const [audioTrack] = await audioInput.getAudioTracks();
    if (!audioTrack) throw new Error('no audio track');
    expectSamples(await readPackets(audioTrack), audio.samples, 48000);
  });
});
