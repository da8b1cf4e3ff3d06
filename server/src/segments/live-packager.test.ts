import { metadataEventFromEmsg } from '@brume/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readBoxes } from '../cmaf/testing/box-reader';
import type { AccessUnit } from '../media/access-unit';
import { MetadataStore } from '../metadata/metadata-store';
import { MediaBuffer, type MediaReaderListener, type ReaderStart } from '../stream/media-buffer';
import { silentLogger } from '../util/logger';
import type { LiveMedia } from '../webrtc/publisher-media';
import { LivePackager } from './live-packager';
import { SYNTHETIC_VIDEO as VIDEO } from '../media/testing/synthetic-tracks';

function frame(n: number, keyframe: boolean): AccessUnit {
  return {
    kind: 'video',
    dts: n * 3000,
    cts: 0,
    duration: 3000,
    keyframe,
    data: Uint8Array.of(0, 0, 0, 1, n & 0xff),
    streamMs: (n * 100) / 3,
    ...(n === 0 ? { config: VIDEO } : {}),
  };
}

/** A `LiveMedia` over a real `MediaBuffer`, stream time 0 = `startUnixMs`, counting keyframe requests. */
class FakeMedia implements LiveMedia {
  readonly dvrWindowMs = 60_000;
  readonly buffer = new MediaBuffer({ dvrWindowMs: this.dvrWindowMs });
  readonly audioConfig = undefined;
  keyframeRequests = 0;
  constructor(readonly startUnixMs: number) {}
  get videoConfig() {
    return VIDEO;
  }
  get running() {
    return true;
  }
  get readerCount() {
    return this.buffer.readerCount;
  }
  get bufferStartMs() {
    return this.buffer.buffered[0]?.streamMs;
  }
  get window() {
    const { firstMs, lastMs } = this.buffer;
    return firstMs === undefined || lastMs === undefined ? undefined : { firstMs, lastMs };
  }
  requestKeyframe() {
    this.keyframeRequests++;
  }
  addReader(listener: MediaReaderListener, start?: ReaderStart) {
    return this.buffer.addReader(listener, start);
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('LivePackager', () => {
  it('packages the DVR backlog at once, without asking for keyframes for past segments', () => {
    vi.useFakeTimers({ now: 100_000 });
    const media = new FakeMedia(100_000 - 10_000); // the stream started 10 s ago
    for (let n = 0; n < 240; n++) media.buffer.push(frame(n, n % 30 === 0)); // 0..8 s, old
    const packager = new LivePackager(media, { dvrWindowMs: 60_000, log: silentLogger });
    const snapshot = packager.snapshot('video')!;
    expect(snapshot.segments.map((s) => s.msn)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(snapshot.segments.slice(0, -1).every((s) => s.complete)).toBe(true);
    expect(media.keyframeRequests).toBe(0);
    packager.dispose();
  });

  it('asks for a keyframe ahead of each live segment boundary', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const media = new FakeMedia(1_000_000);
    const packager = new LivePackager(media, { dvrWindowMs: 60_000, log: silentLogger });
    for (let n = 0; n < 90; n++) {
      vi.setSystemTime(1_000_000 + (n * 100) / 3);
      media.buffer.push(frame(n, n % 30 === 0));
    }
    // Three segments (0, 1, 2 s): one request in each, before its end.
    expect(media.keyframeRequests).toBe(3);
    expect(packager.frameRate).toBeCloseTo(30, 0);
    packager.dispose();
  });

  it('wakes waiters on new parts, ends the renditions with the publish, and releases waiters on dispose', async () => {
    const media = new FakeMedia(Date.now());
    const packager = new LivePackager(media, { dvrWindowMs: 60_000, log: silentLogger });
    media.buffer.push(frame(0, true));
    const parts = () => packager.snapshot('video')?.segments[0]?.parts.length ?? 0;
    const waiting = packager.waitUntil(() => parts() > 0, 5000);
    for (let n = 1; n < 8; n++) media.buffer.push(frame(n, false));
    await expect(waiting).resolves.toBe(true);

    media.buffer.end();
    expect(packager.ended).toBe(true);
    expect(packager.mediaEnded).toBe(true);
    expect(packager.snapshot('video')).toMatchObject({ ended: true });

    const never = packager.waitUntil(() => false, 5000);
    packager.dispose();
    await expect(never).resolves.toBe(false);
    await expect(packager.waitUntil(() => false, 5000)).resolves.toBe(false);
  });
});

describe('LivePackager metadata', () => {
  it('puts each event as an emsg in front of the video part holding its time, none in audio, and aid3 in the init', () => {
    const media = new FakeMedia(Date.now());
    const metadata = new MetadataStore({ stream: 'live', clock: () => ({ liveEdgeMs: 0, firstMs: 0 }) });
    const packager = new LivePackager(media, { dvrWindowMs: 60_000, log: silentLogger, metadata });
    metadata.accept('score', [
      { time: 400, data: { goal: 1 }, position: { line: 1 } },
      { time: 1234, data: 'two', position: { line: 2 } },
    ]);
    for (let n = 0; n < 60; n++) media.buffer.push(frame(n, n % 30 === 0));

    const video = packager.store('video')!;
    const ftyp = readBoxes(video.init)[0]!;
    expect(ftyp.type).toBe('ftyp');
    expect(Buffer.from(ftyp.bytes).includes('aid3')).toBe(true);
    expect(Buffer.from(packager.store('audio')?.init ?? []).includes('aid3')).toBe(false);
    const carried: { time: number; partStart: number; partEnd: number }[] = [];
    for (const segment of packager.snapshot('video')!.segments) {
      for (const part of segment.parts) {
        const boxes = readBoxes(video.part(segment.msn, part.index)!);
        for (const box of boxes.filter((b) => b.type === 'emsg')) {
          const event = metadataEventFromEmsg(box.bytes)!;
          carried.push({
            time: event.time,
            partStart: part.startMs,
            partEnd: part.startMs + part.durationMs,
          });
        }
        expect(boxes.at(-2)?.type).toBe('moof');
      }
    }
    expect(carried.map((c) => c.time)).toEqual([400, 1234]);
    for (const c of carried) {
      expect(c.partStart).toBeLessThanOrEqual(c.time);
      expect(c.partEnd).toBeGreaterThan(c.time);
    }
    packager.dispose();
  });
});
