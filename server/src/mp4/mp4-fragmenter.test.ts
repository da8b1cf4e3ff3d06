import { metadataEventFromEmsg, type MetadataEvent } from '@brume/protocol';
import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input } from 'mediabunny';
import { describe, expect, it } from 'vitest';
import { findBoxes, readBoxes } from '../cmaf/testing/box-reader';
import type { AccessUnit } from '../media/access-unit';
import { AUDIO_TRACK_ID, Mp4Fragmenter, VIDEO_TRACK_ID } from './mp4-fragmenter';
import { SYNTHETIC_VIDEO as VIDEO, SYNTHETIC_AUDIO as AUDIO } from '../media/testing/synthetic-tracks';

/** Frame `n` of 30 fps video (3000 ticks), keyframe every `gop` frames. */
function video(n: number, gop = 15): AccessUnit {
  return {
    kind: 'video',
    dts: n * 3000,
    cts: 0,
    duration: 3000,
    keyframe: n % gop === 0,
    data: Uint8Array.of(0, 0, 0, 1, n & 0xff),
    streamMs: (n * 100) / 3,
  };
}

/** Audio packet `n` of 20 ms (960 ticks). */
function audio(n: number): AccessUnit {
  return {
    kind: 'audio',
    dts: n * 960,
    cts: 0,
    duration: 960,
    keyframe: true,
    data: Uint8Array.of(0xf8, n & 0xff),
    streamMs: n * 20,
  };
}

interface ParsedTraf {
  trackId: number;
  tfdt: number;
  durations: number[];
  keyframes: boolean[];
}

function parseFragment(bytes: Uint8Array): { sequence: number; trafs: ParsedTraf[] } {
  const boxes = readBoxes(bytes);
  expect(boxes.map((b) => b.type)).toEqual(['moof', 'mdat']);
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  const mfhd = findBoxes(boxes, 'moof/mfhd')[0]!;
  return {
    sequence: view(mfhd.bytes).getUint32(12),
    trafs: findBoxes(boxes, 'moof/traf').map((traf) => {
      const tfhd = view(findBoxes(traf.children, 'tfhd')[0]!.bytes);
      const tfdt = view(findBoxes(traf.children, 'tfdt')[0]!.bytes);
      const trun = view(findBoxes(traf.children, 'trun')[0]!.bytes);
      const count = trun.getUint32(12);
      const durations: number[] = [];
      const keyframes: boolean[] = [];
      for (let i = 0; i < count; i++) {
        durations.push(trun.getUint32(20 + i * 12));
        keyframes.push(trun.getUint32(28 + i * 12) === 0x02000000);
      }
      return { trackId: tfhd.getUint32(12), tfdt: Number(tfdt.getBigUint64(12)), durations, keyframes };
    }),
  };
}

/** Video frames `from..to` with the audio packets of their time, in arrival order (audio one frame ahead). */
function feed(
  fragmenter: Mp4Fragmenter,
  from: number,
  to: number,
  skip: (unit: AccessUnit) => boolean = () => false,
) {
  return feedBytes(fragmenter, from, to, skip).map(parseFragment);
}

function feedBytes(
  fragmenter: Mp4Fragmenter,
  from: number,
  to: number,
  skip: (unit: AccessUnit) => boolean = () => false,
): Uint8Array[] {
  const out: Uint8Array[] = [];
  let nextAudio = Math.ceil((from * 100) / 3 / 20);
  for (let n = from; n < to; n++) {
    const frame = video(n);
    // The assembler holds each picture back one frame: audio up to the next frame arrives first.
    while (nextAudio * 20 < frame.streamMs + 33) {
      const packet = audio(nextAudio++);
      if (!skip(packet)) out.push(...fragmenter.push(packet));
    }
    if (!skip(frame)) out.push(...fragmenter.push(frame));
  }
  return out;
}

/** What a store's `between` answers, over a fixed list sorted by time. */
function betweenOf(events: readonly MetadataEvent[]) {
  return (fromMs: number, toMs: number) => events.filter((e) => e.time >= fromMs && e.time < toMs);
}

/** A fragment's leading `emsg` events and its video `tfdt` (ms). */
function eventsOf(bytes: Uint8Array): { events: MetadataEvent[]; videoMs: number; spanTicks: number } {
  const boxes = readBoxes(bytes);
  const moof = boxes.findIndex((b) => b.type === 'moof');
  expect(boxes.slice(0, moof).every((b) => b.type === 'emsg')).toBe(true);
  expect(boxes.slice(moof).map((b) => b.type)).toEqual(['moof', 'mdat']);
  const [v] = parseFragment(Buffer.concat(boxes.slice(moof).map((b) => b.bytes))).trafs;
  return {
    events: boxes.slice(0, moof).map((b) => metadataEventFromEmsg(b.bytes)!),
    videoMs: v!.tfdt / 90,
    spanTicks: v!.durations.reduce((sum, d) => sum + d, 0),
  };
}

describe('Mp4Fragmenter', () => {
  it('writes a two-track init segment', () => {
    const init = readBoxes(new Mp4Fragmenter({ video: VIDEO, audio: AUDIO }).init);
    expect(init.map((b) => b.type)).toEqual(['ftyp', 'moov']);
    expect(findBoxes(init, 'moov/trak')).toHaveLength(2);
    expect(findBoxes(readBoxes(new Mp4Fragmenter({ video: VIDEO }).init), 'moov/trak')).toHaveLength(1);
  });

  it('cuts ~100 ms fragments on video frames and at every keyframe, audio in the same time span', () => {
    const fragments = feed(new Mp4Fragmenter({ video: VIDEO, audio: AUDIO }), 30, 61);
    expect(fragments.map((f) => f.sequence)).toEqual(fragments.map((_, i) => i + 1));
    const videoCounts = fragments.map(
      (f) => f.trafs.find((t) => t.trackId === VIDEO_TRACK_ID)?.durations.length,
    );
    // Frames 30..59 in fragments of 3 frames (100 ms), keyframes 30 and 45 each starting one.
    expect(videoCounts).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
    for (const f of fragments) {
      const v = f.trafs.find((t) => t.trackId === VIDEO_TRACK_ID)!;
      expect(v.keyframes.slice(1).every((k) => !k)).toBe(true);
      expect(v.keyframes[0]).toBe(v.tfdt % (15 * 3000) === 0);
      const a = f.trafs.find((t) => t.trackId === AUDIO_TRACK_ID);
      // Audio starts at or after the fragment's video and ends with it.
      expect(a).toBeDefined();
      expect(a!.tfdt / 48).toBeGreaterThanOrEqual(v.tfdt / 90 - 1e-9);
      expect(a!.tfdt / 48).toBeLessThan(v.tfdt / 90 + 20);
      const videoEnd = v.tfdt + v.durations.reduce((sum, d) => sum + d, 0);
      expect(a!.tfdt + a!.durations.slice(0, -1).reduce((sum, d) => sum + d, 0)).toBeLessThan(
        (videoEnd * 48) / 90,
      );
    }
    expect(fragments[0]!.trafs[0]!.tfdt).toBe(30 * 3000);
  });

  it('starts at the first keyframe and drops audio before it', () => {
    const fragments = feed(new Mp4Fragmenter({ video: VIDEO, audio: AUDIO }), 10, 22);
    const v = fragments[0]!.trafs.find((t) => t.trackId === VIDEO_TRACK_ID)!;
    expect(v.tfdt).toBe(15 * 3000);
    expect(v.keyframes[0]).toBe(true);
    const a = fragments[0]!.trafs.find((t) => t.trackId === AUDIO_TRACK_ID)!;
    expect(a.tfdt).toBe(25 * 960); // the first packet at or after 500 ms
  });

  it('keeps every track contiguous: gaps go into the previous duration, tfdt follows the timeline', () => {
    // A lost video frame (33) and lost audio packets (51, 52).
    const lost = (unit: AccessUnit) =>
      (unit.kind === 'video' && unit.dts === 33 * 3000) ||
      (unit.kind === 'audio' && [51, 52].includes(unit.dts / 960));
    const fragments = feed(new Mp4Fragmenter({ video: VIDEO, audio: AUDIO }), 30, 46, lost);
    for (const trackId of [VIDEO_TRACK_ID, AUDIO_TRACK_ID]) {
      const trafs = fragments.flatMap((f) => f.trafs.filter((t) => t.trackId === trackId));
      for (let i = 1; i < trafs.length; i++) {
        const previous = trafs[i - 1]!;
        expect(trafs[i]!.tfdt).toBe(previous.tfdt + previous.durations.reduce((sum, d) => sum + d, 0));
      }
    }
    const v = fragments[0]!.trafs.find((t) => t.trackId === VIDEO_TRACK_ID)!;
    expect(v.durations).toEqual([3000, 3000, 6000]); // frame 32 spans the lost 33
    const audioDurations = fragments
      .flatMap((f) => f.trafs.filter((t) => t.trackId === AUDIO_TRACK_ID))
      .flatMap((t) => t.durations);
    expect(audioDurations.filter((d) => d !== 960)).toEqual([2880]);
  });

  it('stops at a new video configuration, flushing what it had', () => {
    const fragmenter = new Mp4Fragmenter({ video: VIDEO });
    for (let n = 0; n < 2; n++) expect(fragmenter.push(video(n))).toEqual([]);
    expect(fragmenter.push({ ...video(2), config: VIDEO })).toEqual([]); // same avcC: carries on
    const changed = { ...VIDEO, avcC: Uint8Array.of(1, 0x42, 0xc0, 0x20) };
    const out = fragmenter.push({ ...video(3), keyframe: true, config: changed }).map(parseFragment);
    expect(fragmenter.configChanged).toBe(true);
    expect(out[0]!.trafs[0]!.durations).toEqual([3000, 3000, 3000]);
    expect(fragmenter.push(video(4))).toEqual([]);
  });

  it('flushes the pending samples at the end', () => {
    const fragmenter = new Mp4Fragmenter({ video: VIDEO });
    fragmenter.push(video(0));
    fragmenter.push(video(1));
    const [last] = fragmenter.flush().map(parseFragment);
    expect(last!.trafs[0]!.durations).toEqual([3000, 3000]);
    expect(fragmenter.flush()).toEqual([]);
  });

  it('puts each metadata event as emsg before the fragment of its time, and lists aid3', () => {
    const event = (id: number, time: number): MetadataEvent => ({ track: 'score', time, data: { id }, id });
    // Frames 30..60 are 1000..2000 ms; 3000 ms lies past them.
    const events = [
      event(1, 900),
      event(2, 1000),
      event(3, 1050),
      event(4, 1099),
      event(5, 1100),
      event(6, 3000),
    ];
    const fragmenter = new Mp4Fragmenter({ video: VIDEO, audio: AUDIO, metadata: betweenOf(events) });
    const ftyp = readBoxes(fragmenter.init)[0]!;
    expect(Buffer.from(ftyp.bytes).includes('aid3')).toBe(true);
    expect(Buffer.from(readBoxes(new Mp4Fragmenter({ video: VIDEO }).init)[0]!.bytes).includes('aid3')).toBe(
      false,
    );

    const first = feedBytes(fragmenter, 30, 46);
    // Accepted after the fragmenter started (the store holds them too): one in a span already out
    // rides the next fragment, one before the file began is not this file's, one still to come is
    // left to `metadata` (so not doubled).
    const accepted = [event(7, 1010), event(8, 500), event(9, 1700)];
    events.push(...accepted);
    events.sort((a, b) => a.time - b.time);
    for (const e of accepted) fragmenter.addLateEvent(e);
    const all = [...first, ...feedBytes(fragmenter, 46, 61), ...fragmenter.flush()].map(eventsOf);

    const carried = all.flatMap((f) => f.events.map((e) => e.id));
    expect(carried).toEqual([2, 3, 4, 5, 7, 9]);
    for (const f of all) {
      for (const e of f.events) {
        if (e.id === 7) {
          expect(f).toBe(all[first.length]);
          continue;
        }
        // In the fragment's own span: presentation_time between its tfdt and its end.
        expect(e.time).toBeGreaterThanOrEqual(f.videoMs);
        expect(e.time * 90).toBeLessThan(f.videoMs * 90 + f.spanTicks);
      }
    }
    expect(all[0]!.events.map((e) => e.data)).toEqual([{ id: 2 }, { id: 3 }, { id: 4 }]);
  });

  it('writes a file with emsg boxes that mediabunny reads frame by frame', async () => {
    const events = [1000, 1200, 1400].map((time, id) => ({ track: 't', time, data: id, id }));
    const fragmenter = new Mp4Fragmenter({ video: VIDEO, metadata: betweenOf(events) });
    const frames: Uint8Array[] = [];
    for (let n = 30; n < 60; n++) {
      frames.push(...fragmenter.push(video(n)));
    }
    frames.push(...fragmenter.flush());
    const file = Buffer.concat([fragmenter.init, ...frames]);
    expect(readBoxes(file).filter((b) => b.type === 'emsg')).toHaveLength(3);
    using input = new Input({ source: new BufferSource(file), formats: ALL_FORMATS });
    const [track] = await input.getVideoTracks();
    let n = 30;
    for await (const packet of new EncodedPacketSink(track!).packets()) {
      expect(Buffer.from(packet.data)).toEqual(Buffer.from(video(n).data));
      expect(packet.timestamp).toBeCloseTo(video(n++).dts / 90000, 9);
    }
    expect(n).toBe(60);
  });

  it('writes audio alone in ~100 ms fragments when there is no video track', () => {
    const fragmenter = new Mp4Fragmenter({ audio: AUDIO });
    expect(findBoxes(readBoxes(fragmenter.init), 'moov/trak')).toHaveLength(1);
    const out: Uint8Array[] = [];
    for (let n = 0; n < 20; n++) {
      out.push(...fragmenter.push(video(n)), ...fragmenter.push(audio(n)));
    }
    out.push(...fragmenter.flush());
    const fragments = out.map(parseFragment);
    // 20 packets of 20 ms: fragments of 5 packets (100 ms), video ignored.
    expect(fragments.map((f) => f.trafs.map((t) => [t.trackId, t.durations.length]))).toEqual([
      [[AUDIO_TRACK_ID, 5]],
      [[AUDIO_TRACK_ID, 5]],
      [[AUDIO_TRACK_ID, 5]],
      [[AUDIO_TRACK_ID, 5]],
    ]);
    expect(fragments.map((f) => f.trafs[0]!.tfdt)).toEqual([0, 4800, 9600, 14400]);
    expect(() => new Mp4Fragmenter({})).toThrow(RangeError);
  });
});
