import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  ID3_EMSG_SCHEME,
  metadataEventFromEmsg,
  metadataEventFromId3,
  parseEventMessage,
  type MetadataEvent,
} from '@brume/protocol';
import { getId3Frames } from '@svta/cml-id3';
import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input } from 'mediabunny';
import { afterAll, describe, expect, it } from 'vitest';
import { ID3_SCHEME_ID_URI } from './emsg';
import { initBrands, segmentBrands, segmentType } from './file-type';
import { fragment } from './fragment';
import { initSegment } from './init-segment';
import { ID3_BRAND, metadataEmsg } from './metadata-emsg';
import { findBoxes, fromHex, hex, readBoxes } from './testing/box-reader';
import { loadVideo, splitByTime } from './testing/fixture-media';
import { ffprobe, hasTool } from './testing/media-tools';

const ascii = (text: string) => Buffer.from(text, 'utf8').toString('hex');

describe('metadataEmsg', () => {
  it('writes emsg v1 + ID3v2.4 TXXX "brume" with the event JSON (golden, computed by hand)', () => {
    const bytes = metadataEmsg({ track: 't', time: 1000, data: 1, id: 2 }, 90000);
    const json = '{"track":"t","time":1000,"data":1,"id":2}'; // 41 bytes
    const expected =
      '00000082 656d7367 01000000' + // size 130, 'emsg', version 1
      ' 00015f90' + // timescale 90000
      ' 00000000 00015f90' + // presentation_time: 1000 ms = 90000 ticks
      ' ffffffff' + // no duration: unknown
      ' 00000002' + // id
      ` ${ascii(ID3_SCHEME_ID_URI)}00 00` + // scheme, empty value
      ' 494433 0400 00 0000003a' + // ID3 v2.4, tag body 58
      ' 54585858 00000030 0000' + // TXXX, frame body 48
      ` 03 ${ascii('brume')}00 ${ascii(json)}`;
    expect(hex(bytes)).toBe(hex(fromHex(expected)));
  });

  it('puts presentation_time and duration on the given timescale, as the segmenter puts tfdt', () => {
    const event = { track: 'chat', time: 1234.5, duration: 2000, data: 'x', id: 9 };
    const video = parseEventMessage(metadataEmsg(event, 90000));
    expect(video).toMatchObject({
      timescale: 90000,
      presentationTime: 111_105,
      eventDuration: 180_000,
      id: 9,
    });
    const audio = parseEventMessage(metadataEmsg(event, 48000));
    expect(audio).toMatchObject({ timescale: 48000, presentationTime: 59_256, eventDuration: 96_000 });
    // Past 2^32 ticks (13 h at 90 kHz): the 64-bit field holds it.
    const late = parseEventMessage(metadataEmsg({ ...event, time: 50_000_000 }, 90000));
    expect(late?.presentationTime).toBe(4_500_000_000);
  });

  it('round-trips through the protocol parser: JSON values, unicode, no duration', () => {
    const events: MetadataEvent[] = [
      { track: 'score', time: 0, data: { home: 2, away: [1, null], note: 'é ✓ 😀' }, id: 1 },
      { track: 'cc', time: 61_000.25, duration: 1500, data: 'Line one\nLine two', id: 2 ** 32 - 1 },
      { track: 'big', time: 5, data: 'x'.repeat(60_000), id: 3 },
    ];
    for (const event of events) {
      expect(metadataEventFromEmsg(metadataEmsg(event, 90000))).toEqual(event);
    }
    expect(ID3_SCHEME_ID_URI).toBe(ID3_EMSG_SCHEME);
  });

  it('is read by @svta/cml-id3, the ID3 reader hls.js runs, as hls.js would put it in a cue', () => {
    const event = { track: 'chat', time: 42, data: { text: 'ß'.repeat(200) }, id: 5 };
    const emsg = parseEventMessage(metadataEmsg(event, 90000));
    if (!emsg) throw new Error('no emsg');
    const frames = getId3Frames(emsg.messageData);
    expect(frames).toEqual([{ key: 'TXXX', info: 'brume', data: JSON.stringify(event) }]);
    expect(metadataEventFromId3(emsg.messageData)).toEqual(event);
  });

  it('refuses events it cannot carry faithfully', () => {
    const event = { track: 't', time: 1, data: 1, id: 1 };
    expect(() => metadataEmsg({ ...event, id: undefined }, 90000)).toThrow(/no id/);
    expect(() => metadataEmsg({ ...event, data: undefined }, 90000)).toThrow(/no data/);
    expect(() => metadataEmsg({ ...event, time: -1 }, 90000)).toThrow(RangeError);
    expect(() => metadataEmsg({ ...event, time: NaN }, 90000)).toThrow(RangeError);
    expect(() => metadataEmsg({ ...event, duration: 48 * 3600_000 }, 90000)).toThrow(/32-bit/);
    expect(() => metadataEmsg({ ...event, id: 2 ** 32 }, 90000)).toThrow(RangeError);
  });
});

/**
 * Real video, cut into 200 ms parts as the segmenter does, with 0–3 metadata `emsg`s in front of
 * each part's `moof` (after a `styp` at each segment start), and `aid3` in the init's `ftyp`.
 */
describe('fragments carrying metadata emsg', () => {
  const video = loadVideo();
  const PART_TICKS = 18_000;
  const parts = splitByTime(video.samples, PART_TICKS);
  const events: MetadataEvent[] = [];
  const chunks = [initSegment([video.track], [...initBrands, ID3_BRAND])];
  parts.forEach((samples, index) => {
    const startMs = (samples[0]?.dts ?? 0) / 90;
    const partEvents = Array.from({ length: index % 4 }, (_, n) => ({
      track: n % 2 ? 'cc' : 'chat',
      time: startMs + n * 50 + 1,
      data: { part: index, n },
      id: events.length + n + 1,
    }));
    events.push(...partEvents);
    chunks.push(
      fragment({
        sequenceNumber: index + 1,
        tracks: [{ track: video.track, samples }],
        leadingBoxes: [
          ...(index % 5 === 0 ? [segmentType([...segmentBrands, ID3_BRAND])] : []),
          ...partEvents.map((event) => metadataEmsg(event, 90000)),
        ],
      }),
    );
  });
  const file = Buffer.concat(chunks);
  const dir = mkdtempSync(join(tmpdir(), 'brume-meta-emsg-'));
  const path = join(dir, 'video.mp4');
  writeFileSync(path, file);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds every event once, in front of the moof whose time range holds it', () => {
    expect(events.length).toBeGreaterThan(10);
    const boxes = readBoxes(file);
    const found: MetadataEvent[] = [];
    let pending: MetadataEvent[] = [];
    for (const box of boxes) {
      if (box.type === 'emsg') {
        const event = metadataEventFromEmsg(box.bytes);
        if (!event) throw new Error('an emsg that is not a Brume event');
        pending.push(event);
      } else if (box.type === 'moof') {
        const tfdt = findBoxes([box], 'moof/traf/tfdt')[0]?.bytes;
        const baseTime = Number(Buffer.from(tfdt ?? []).readBigUInt64BE(12));
        for (const event of pending) {
          const ticks = event.time * 90;
          expect(ticks).toBeGreaterThanOrEqual(baseTime);
          expect(ticks).toBeLessThan(baseTime + PART_TICKS);
        }
        found.push(...pending);
        pending = [];
      } else {
        expect(pending).toEqual([]); // emsg only right before moof (after styp)
      }
    }
    expect(found).toEqual(events);
  });

  it.skipIf(!hasTool('ffprobe'))('ffprobe reads every frame, and aid3 among the brands', () => {
    const probe = ffprobe(path);
    expect(probe.packets.map((p) => p.dts)).toEqual(video.samples.map((s) => s.dts));
    expect(probe.packets.map((p) => Number(p.size))).toEqual(video.samples.map((s) => s.data.length));
    const format = spawnSync('ffprobe', ['-v', 'error', '-show_format', '-of', 'json', path], {
      encoding: 'utf8',
    });
    const tags = (JSON.parse(format.stdout) as { format: { tags: Record<string, string> } }).format.tags;
    expect(tags.compatible_brands).toBe('iso6cmfcmp41aid3');
  });

  it('mediabunny reads every frame, byte for byte', async () => {
    using input = new Input({ source: new BufferSource(file), formats: ALL_FORMATS });
    const [track] = await input.getVideoTracks();
    if (!track) throw new Error('no video track');
    let index = 0;
    for await (const packet of new EncodedPacketSink(track).packets()) {
      const sample = video.samples[index++];
      expect(Buffer.from(packet.data).equals(Buffer.from(sample?.data ?? []))).toBe(true);
      expect(packet.timestamp).toBeCloseTo((sample?.dts ?? NaN) / 90000, 9);
    }
    expect(index).toBe(video.samples.length);
  });
});
