import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findParameterSets, splitAnnexB } from '../cmaf/testing/annex-b';
import { loadVideo, VIDEO_FIXTURE, VIDEO_FRAME_TICKS } from '../cmaf/testing/fixture-media';
import {
  ffmpegDecodeErrors,
  ffprobe,
  hasTool,
  type ProbedPacket,
  videoFrameMd5s,
} from '../cmaf/testing/media-tools';
import type { AccessUnit, TrackConfig } from '../media/access-unit';
import { avcCodecString } from '../media/h264-parameter-sets';
import { TS_PACKET_SIZE, TsMuxer } from './ts-muxer';

const FIXTURE_PATH = fileURLToPath(new URL(`../cmaf/fixtures/${VIDEO_FIXTURE}`, import.meta.url));
/** The fixture starts 10 s into the stream, as a reader joining a live stream does. */
const START_TICKS = 900_000;

const video = loadVideo();
const { sps, pps } = findParameterSets(splitAnnexB(new Uint8Array(readFileSync(FIXTURE_PATH))));
const CONFIG: TrackConfig & { kind: 'video' } = {
  kind: 'video',
  timescale: 90000,
  codec: avcCodecString(sps),
  width: 320,
  height: 180,
  sps,
  pps,
  avcC: video.track.kind === 'video' ? video.track.avcC : new Uint8Array(),
};

/** The fixture's 60 pictures (keyframes at 0 and 30) as the depacketizer hands them out. */
const UNITS: AccessUnit[] = video.samples.map((sample, index) => ({
  kind: 'video',
  dts: START_TICKS + sample.dts,
  cts: 0,
  duration: VIDEO_FRAME_TICKS,
  keyframe: sample.keyframe,
  data: sample.data,
  streamMs: (START_TICKS + sample.dts) / 90,
  ...(index === 0 ? { config: CONFIG } : {}),
}));

interface TsPacket {
  pid: number;
  payloadStart: boolean;
  continuity: number;
  randomAccess: boolean;
  payload: Uint8Array;
}

function parsePackets(bytes: Uint8Array): TsPacket[] {
  expect(bytes.length % TS_PACKET_SIZE).toBe(0);
  const packets: TsPacket[] = [];
  for (let at = 0; at < bytes.length; at += TS_PACKET_SIZE) {
    const packet = bytes.subarray(at, at + TS_PACKET_SIZE);
    expect(packet[0]).toBe(0x47);
    const adaptation = (packet[3]! & 0x20) !== 0;
    const adaptationLength = adaptation ? packet[4]! : 0;
    packets.push({
      pid: ((packet[1]! & 0x1f) << 8) | packet[2]!,
      payloadStart: (packet[1]! & 0x40) !== 0,
      continuity: packet[3]! & 0x0f,
      randomAccess: adaptation && adaptationLength > 0 && (packet[5]! & 0x40) !== 0,
      payload: packet.subarray(adaptation ? 5 + adaptationLength : 4),
    });
  }
  return packets;
}

/** The elementary PIDs and stream types of the PMT on `pmtPid`. */
function parsePmt(packet: TsPacket): Array<{ pid: number; streamType: number }> {
  const section = packet.payload.subarray(1 + packet.payload[0]!);
  expect(section[0]).toBe(0x02);
  const sectionLength = ((section[1]! & 0x0f) << 8) | section[2]!;
  const programInfoLength = ((section[10]! & 0x0f) << 8) | section[11]!;
  const streams = [];
  for (let at = 12 + programInfoLength; at < 3 + sectionLength - 4;) {
    const esInfoLength = ((section[at + 3]! & 0x0f) << 8) | section[at + 4]!;
    streams.push({ streamType: section[at]!, pid: ((section[at + 1]! & 0x1f) << 8) | section[at + 2]! });
    at += 5 + esInfoLength;
  }
  return streams;
}

/** A 33-bit PTS/DTS field of a PES header. */
function timestamp(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at]! >> 1) & 0x07) * 2 ** 30 +
    ((bytes[at + 1]! << 7) | (bytes[at + 2]! >> 1)) * 2 ** 15 +
    ((bytes[at + 3]! << 7) | (bytes[at + 4]! >> 1))
  );
}

interface Pes {
  pts: number;
  dts: number;
  randomAccess: boolean;
  /** NAL unit types of the picture, in order. */
  nalTypes: number[];
}

/** The PES packets on `pid`, reassembled. */
function parsePes(packets: readonly TsPacket[], pid: number): Pes[] {
  const starts: Array<{ randomAccess: boolean; chunks: Uint8Array[] }> = [];
  for (const packet of packets.filter((p) => p.pid === pid)) {
    if (packet.payloadStart) starts.push({ randomAccess: packet.randomAccess, chunks: [] });
    starts.at(-1)?.chunks.push(packet.payload);
  }
  return starts.map(({ randomAccess, chunks }) => {
    const pes = Buffer.concat(chunks);
    expect([...pes.subarray(0, 4)]).toEqual([0, 0, 1, 0xe0]);
    expect(pes[7]! >> 6).toBe(0b11); // PTS and DTS
    const payload = pes.subarray(9 + pes[8]!);
    return {
      pts: timestamp(pes, 9),
      dts: timestamp(pes, 14),
      randomAccess,
      nalTypes: splitAnnexB(payload).map((nal) => nal[0]! & 0x1f),
    };
  });
}

async function muxAll(units: readonly AccessUnit[]): Promise<{ outputs: Uint8Array[]; last: Uint8Array }> {
  const muxer = new TsMuxer(CONFIG);
  const outputs = [];
  for (const unit of units) outputs.push(await muxer.push(unit));
  return { outputs, last: await muxer.finish() };
}

let file = Buffer.alloc(0);
let outputs: Uint8Array[] = [];
let last: Uint8Array = new Uint8Array();

beforeAll(async () => {
  ({ outputs, last } = await muxAll(UNITS));
  file = Buffer.concat([...outputs, last]);
});

describe('TsMuxer', () => {
  it('writes whole 188-byte packets: PAT, PMT with one H.264 stream, then its PES, continuity counted', () => {
    const packets = parsePackets(file);
    expect(packets[0]?.pid).toBe(0);
    const pmtPid = ((packets[0]!.payload[11]! & 0x1f) << 8) | packets[0]!.payload[12]!;
    expect(packets[1]?.pid).toBe(pmtPid);
    const streams = parsePmt(packets[1]!);
    expect(streams).toEqual([{ pid: expect.any(Number), streamType: 0x1b }]);
    const videoPid = streams[0]!.pid;
    expect(new Set(packets.map((p) => p.pid))).toEqual(new Set([0, pmtPid, videoPid]));
    const counters = packets.filter((p) => p.pid === videoPid).map((p) => p.continuity);
    counters.forEach((counter, i) => expect(counter).toBe(i % 16));
  });

  it('writes each picture when the next one comes: one frame behind, nothing held longer', () => {
    expect(outputs[0]).toHaveLength(0);
    for (const [index, output] of outputs.entries()) {
      if (index === 0) continue;
      const packets = parsePackets(output);
      const pesStarts = packets.filter((p) => p.payloadStart && p.payload[3] === 0xe0);
      expect(pesStarts).toHaveLength(1);
    }
    // PAT and PMT once, with the first picture.
    expect(parsePackets(outputs[1]!).filter((p) => p.pid === 0)).toHaveLength(1);
    expect(parsePackets(last).filter((p) => p.payloadStart)).toHaveLength(1);
  });

  it('carries every picture at its stream time, SPS/PPS and random access on keyframes only', () => {
    const packets = parsePackets(file);
    const videoPid = parsePmt(packets[1]!)[0]!.pid;
    const pes = parsePes(packets, videoPid);
    expect(pes).toHaveLength(UNITS.length);
    pes.forEach((picture, i) => {
      const unit = UNITS[i]!;
      expect(picture.pts).toBe(unit.dts);
      expect(picture.dts).toBe(unit.dts);
      expect(picture.randomAccess).toBe(unit.keyframe);
      // An access unit delimiter first, then SPS and PPS on keyframes only (x264 adds an SEI to the first).
      expect(picture.nalTypes[0]).toBe(9);
      const slices = picture.nalTypes.filter((type) => type === 1 || type === 5);
      if (unit.keyframe) {
        expect(picture.nalTypes.slice(1, 3)).toEqual([7, 8]);
        expect(slices).toEqual([5]);
      } else {
        expect(picture.nalTypes.filter((type) => type === 7 || type === 8)).toEqual([]);
        expect(slices).toEqual([1]);
      }
    });
  });

  it('starts at the first keyframe and skips audio and pictures that do not move time forward', async () => {
    const audio: AccessUnit = { ...UNITS[1]!, kind: 'audio', keyframe: true };
    const { outputs, last } = await muxAll([
      UNITS[1]!,
      audio,
      UNITS[0]!,
      audio,
      UNITS[1]!,
      { ...UNITS[1]!, keyframe: false },
      UNITS[2]!,
    ]);
    const packets = parsePackets(Buffer.concat([...outputs, last]));
    const pes = parsePes(packets, parsePmt(packets[1]!)[0]!.pid);
    expect(pes.map((picture) => picture.dts)).toEqual([UNITS[0]!.dts, UNITS[1]!.dts, UNITS[2]!.dts]);
  });

  it('ends at a new video configuration: the pending picture comes out, then nothing', async () => {
    const muxer = new TsMuxer(CONFIG);
    await muxer.push(UNITS[0]!);
    await muxer.push(UNITS[1]!);
    const changed: TrackConfig = { ...CONFIG, avcC: Uint8Array.of(...CONFIG.avcC, 0) };
    const pending = await muxer.push({ ...UNITS[30]!, config: changed });
    expect(muxer.configChanged).toBe(true);
    expect(parsePackets(pending).filter((p) => p.payloadStart)).toHaveLength(1);
    expect(await muxer.push(UNITS[31]!)).toHaveLength(0);
    expect(await muxer.finish()).toHaveLength(0);
  });

  it('keeps the same configuration going when a keyframe repeats it', async () => {
    const muxer = new TsMuxer(CONFIG);
    await muxer.push(UNITS[0]!);
    await muxer.push({ ...UNITS[1]!, config: { ...CONFIG, avcC: CONFIG.avcC.slice() } });
    expect(muxer.configChanged).toBe(false);
  });
});

describe.skipIf(!(hasTool('ffprobe') && hasTool('ffmpeg')))('ffprobe / ffmpeg readback', () => {
  let dir = '';
  let path = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'brume-ts-'));
    path = join(dir, 'live.ts');
    writeFileSync(path, file);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads one h264 320x180 stream, every picture at its dts, keyframes where the fixture has them', () => {
    const probe = ffprobe(path);
    expect(probe.streams).toHaveLength(1);
    expect(probe.streams[0]).toMatchObject({
      codec_type: 'video',
      codec_name: 'h264',
      width: 320,
      height: 180,
      time_base: '1/90000',
    });
    const packets: ProbedPacket[] = probe.packets;
    expect(packets.map((p) => p.pts)).toEqual(UNITS.map((unit) => unit.dts));
    expect(packets.map((p) => p.dts)).toEqual(UNITS.map((unit) => unit.dts));
    expect(packets.map((p) => p.flags.startsWith('K'))).toEqual(UNITS.map((unit) => unit.keyframe));
  });

  it('decodes without an error to the same pictures as the Annex B fixture', () => {
    expect(ffmpegDecodeErrors(path)).toBe('');
    const original = videoFrameMd5s(FIXTURE_PATH, 'h264');
    expect(original).toHaveLength(60);
    expect(videoFrameMd5s(path)).toEqual(original);
  });
});
