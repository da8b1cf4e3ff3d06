import { describe, expect, it } from 'vitest';
import { findBoxes, readBoxes } from '../cmaf/testing/box-reader';
import type { AccessUnit } from '../media/access-unit';
import { CmafSegmenter, type SegmenterEvent } from './cmaf-segmenter';
import { SYNTHETIC_VIDEO as VIDEO, SYNTHETIC_AUDIO as AUDIO } from '../media/testing/synthetic-tracks';

/** Frame `n` of 30 fps video; keyframes where `keyframes` says. */
function video(n: number, keyframe: boolean): AccessUnit {
  return {
    kind: 'video',
    dts: n * 3000,
    cts: 0,
    duration: 3000,
    keyframe,
    data: Uint8Array.of(0, 0, 0, 1, n & 0xff),
    streamMs: (n * 100) / 3,
  };
}

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

/** Runs frames [from, to) (audio interleaved, 20 ms packets ahead of the frame), keyframes at `keys`. */
function run(
  segmenter: CmafSegmenter,
  from: number,
  to: number,
  keys: (n: number) => boolean,
  withAudio = false,
): SegmenterEvent[] {
  const events: SegmenterEvent[] = [];
  let nextAudio = Math.ceil((from * 100) / 3 / 20);
  for (let n = from; n < to; n++) {
    const frame = video(n, keys(n));
    while (withAudio && nextAudio * 20 <= frame.streamMs + 20)
      events.push(...segmenter.push(audio(nextAudio++)));
    events.push(...segmenter.push(frame));
  }
  return events;
}

/** The `tfdt` base media decode time (version 1: 64-bit, after the 12-byte full-box header). */
function tfdtOf(bytes: Uint8Array): number {
  const box = findBoxes(readBoxes(bytes), 'moof/traf/tfdt')[0]!.bytes;
  return Number(new DataView(box.buffer, box.byteOffset, box.byteLength).getBigUint64(12));
}

const everySecond = (n: number) => n % 30 === 0;
const segments = (events: SegmenterEvent[]) => events.filter((e) => e.type === 'segment');
const ends = (events: SegmenterEvent[]) => events.filter((e) => e.type === 'segment-end');
const parts = (events: SegmenterEvent[], kind: 'video' | 'audio' = 'video') =>
  events.flatMap((e) => (e.type === 'part' && e.kind === kind ? [e] : []));

describe('CmafSegmenter', () => {
  it('starts at the first keyframe, numbering segments by stream time', () => {
    const segmenter = new CmafSegmenter({ video: VIDEO });
    // Frames 0..29 have no keyframe; frame 30 (1000 ms) is the first.
    const events = run(segmenter, 0, 31, (n) => n === 30);
    expect(segments(events)).toEqual([{ type: 'segment', msn: 1, startMs: 1000, independent: true }]);
    expect(parts(events)).toEqual([]);
    expect(segmenter.currentMsn).toBe(1);
  });

  it('cuts parts of about 212 ms (7 frames at 30 fps) and segments at keyframes near the nominal boundary', () => {
    const segmenter = new CmafSegmenter({ video: VIDEO });
    const events = run(segmenter, 0, 61, everySecond);
    expect(segments(events).map((e) => e.type === 'segment' && [e.msn, e.startMs])).toEqual([
      [0, 0],
      [1, 1000],
      [2, 2000],
    ]);
    expect(ends(events)).toEqual([
      { type: 'segment-end', msn: 0, endMs: 1000 },
      { type: 'segment-end', msn: 1, endMs: 2000 },
    ]);
    const first = parts(events).filter((e) => e.msn === 0);
    // 30 frames: parts of 7, 7, 7, 7 frames, then the 2 before the keyframe.
    expect(first.map((e) => Math.round(e.part.durationMs))).toEqual([233, 233, 233, 233, 67]);
    expect(first.map((e) => e.part.index)).toEqual([0, 1, 2, 3, 4]);
    expect(first.map((e) => e.part.independent)).toEqual([true, false, false, false, false]);
    expect(parts(events).find((e) => e.msn === 1)?.part).toMatchObject({
      index: 0,
      startMs: 1000,
      independent: true,
    });
  });

  it('writes each part as one single-track moof + mdat whose tfdt is the first sample dts', () => {
    const segmenter = new CmafSegmenter({ video: VIDEO, audio: AUDIO });
    const events = run(segmenter, 0, 31, everySecond, true);
    for (const event of parts(events)) {
      const boxes = readBoxes(event.bytes);
      expect(boxes.map((b) => b.type)).toEqual(['moof', 'mdat']);
      expect(findBoxes(boxes, 'moof/traf')).toHaveLength(1);
      expect(tfdtOf(event.bytes) / 90).toBeCloseTo(event.part.startMs, 3);
    }
    for (const event of parts(events, 'audio')) {
      expect(tfdtOf(event.bytes) / 48).toBeCloseTo(event.part.startMs, 3);
    }
    expect(readBoxes(segmenter.videoInit).map((b) => b.type)).toEqual(['ftyp', 'moov']);
    expect(findBoxes(readBoxes(segmenter.audioInit!), 'moov/trak')).toHaveLength(1);
  });

  it('cuts audio at the video cut times, so both renditions share segments', () => {
    const segmenter = new CmafSegmenter({ video: VIDEO, audio: AUDIO });
    const events = run(segmenter, 0, 61, everySecond, true);
    const videoParts = parts(events);
    const audioParts = parts(events, 'audio');
    expect(audioParts.length).toBe(videoParts.length);
    for (const [i, a] of audioParts.entries()) {
      const v = videoParts[i]!;
      expect([a.msn, a.part.index]).toEqual([v.msn, v.part.index]);
      // Within one 20 ms packet of the video part's span.
      expect(Math.abs(a.part.startMs - v.part.startMs)).toBeLessThan(20);
      expect(
        Math.abs(a.part.startMs + a.part.durationMs - (v.part.startMs + v.part.durationMs)),
      ).toBeLessThan(20);
    }
  });

  it('asks for a keyframe once per segment, lead ms before its nominal end', () => {
    const segmenter = new CmafSegmenter({ video: VIDEO });
    segmenter.push(video(0, true));
    expect(segmenter.wantKeyframe(500, 200)).toBe(false);
    expect(segmenter.wantKeyframe(800, 200)).toBe(true);
    expect(segmenter.wantKeyframe(900, 200)).toBe(false);
    run(segmenter, 1, 31, everySecond);
    expect(segmenter.wantKeyframe(1790, 200)).toBe(false);
    expect(segmenter.wantKeyframe(1800, 200)).toBe(true);
  });

  it('keeps a keyframe that comes mid-segment as an independent part of the same segment', () => {
    const segmenter = new CmafSegmenter({ video: VIDEO });
    const events = run(segmenter, 0, 30, (n) => n === 0 || n === 15);
    expect(segments(events)).toHaveLength(1);
    const starts = parts(events).map((e) => [Math.round(e.part.startMs), e.part.independent]);
    expect(starts).toContainEqual([500, true]);
  });

  it('a keyframe up to 300 ms early ends the segment; one 400 ms late is not waited for', () => {
    const early = new CmafSegmenter({ video: VIDEO });
    const earlyEvents = run(early, 0, 40, (n) => n === 0 || n === 24); // 800 ms
    expect(segments(earlyEvents).map((e) => e.type === 'segment' && [e.msn, e.startMs])).toEqual([
      [0, 0],
      [1, 800],
    ]);

    const late = new CmafSegmenter({ video: VIDEO });
    const lateEvents = run(late, 0, 60, (n) => n === 0 || n === 45); // 1500 ms: too late
    const opened = segments(lateEvents);
    expect(opened.map((e) => e.type === 'segment' && [e.msn, Math.round(e.startMs), e.independent])).toEqual([
      [0, 0, true],
      // Cut at the first frame 400 ms past the nominal end, without a keyframe.
      [1, 1400, false],
    ]);
  });

  it('ends a segment cut without a keyframe at the first keyframe that comes', () => {
    const segmenter = new CmafSegmenter({ video: VIDEO });
    // Keyframes at 0 and 1700 ms: segment 1 is cut late (1400 ms, not independent), and the
    // keyframe at 1700 ms starts segment 2 at once instead of waiting for 2 s.
    const events = run(segmenter, 0, 70, (n) => n === 0 || n === 51);
    expect(
      segments(events).map((e) => e.type === 'segment' && [e.msn, Math.round(e.startMs), e.independent]),
    ).toEqual([
      [0, 0, true],
      [1, 1400, false],
      [2, 1700, true],
    ]);
    expect(segmenter.segmentIndependent).toBe(true);
  });

  it('keeps segment numbers tied to stream time across a gap', () => {
    const segmenter = new CmafSegmenter({ video: VIDEO });
    run(segmenter, 0, 30, everySecond);
    // Media resumes at 10 s.
    const events = run(segmenter, 300, 301, () => true);
    expect(segments(events)).toEqual([{ type: 'segment', msn: 10, startMs: 10000, independent: true }]);
  });

  it('stops on a new video configuration, closing what it had', () => {
    const segmenter = new CmafSegmenter({ video: VIDEO });
    run(segmenter, 0, 10, everySecond);
    const changed = { ...video(10, true), config: { ...VIDEO, avcC: Uint8Array.of(1, 2, 3) } };
    const events = segmenter.push(changed);
    expect(segmenter.configChanged).toBe(true);
    expect(ends(events)).toHaveLength(1);
    expect(segmenter.push(video(11, false))).toEqual([]);
  });

  it('flushes the open part and segment at the end of the stream', () => {
    const segmenter = new CmafSegmenter({ video: VIDEO, audio: AUDIO });
    run(segmenter, 0, 20, everySecond, true);
    const events = segmenter.flush();
    expect(parts(events)).toHaveLength(1);
    expect(parts(events, 'audio')).toHaveLength(1);
    expect(ends(events)).toEqual([{ type: 'segment-end', msn: 0, endMs: expect.closeTo(666.7, 0) }]);
    expect(segmenter.flush()).toEqual([]);
  });
});
