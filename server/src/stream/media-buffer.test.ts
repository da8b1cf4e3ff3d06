import { describe, expect, it } from 'vitest';
import type { AccessUnit } from '../media/access-unit';
import { MediaBuffer, type MediaReader } from './media-buffer';

/** A video unit every 100 ms (keyframe every `gop`), and an audio unit between each two. */
function video(index: number, gop = 10): AccessUnit {
  return {
    kind: 'video',
    dts: index * 9000,
    cts: 0,
    duration: 9000,
    keyframe: index % gop === 0,
    data: Uint8Array.of(index),
    streamMs: index * 100,
  };
}

function audio(ms: number): AccessUnit {
  return {
    kind: 'audio',
    dts: ms * 48,
    cts: 0,
    duration: 960,
    keyframe: true,
    data: Uint8Array.of(0),
    streamMs: ms,
  };
}

const tags = (units: readonly AccessUnit[]) => units.map((u) => `${u.kind[0]}${u.streamMs}`);

function listen(buffer: MediaBuffer): { reader: MediaReader; events: string[] } {
  const events: string[] = [];
  const reader = buffer.addReader({ onData: () => events.push('data'), onEnd: () => events.push('end') });
  return { reader, events };
}

describe('MediaBuffer', () => {
  it('keeps the GOP from the latest keyframe, so a new reader starts on it', () => {
    const buffer = new MediaBuffer();
    buffer.push(audio(0)); // before any keyframe: not kept
    for (let i = 0; i < 13; i++) buffer.push(video(i));
    buffer.push(audio(1250));
    expect(tags(buffer.buffered)).toEqual(['v1000', 'v1100', 'v1200', 'a1250']);
    const { reader } = listen(buffer);
    expect(tags(reader.take())).toEqual(['v1000', 'v1100', 'v1200', 'a1250']);
    buffer.push(video(13));
    expect(tags(reader.take())).toEqual(['v1300']);
    expect(reader.take()).toEqual([]);
  });

  it('keeps the DVR window in whole GOPs, and starts a reader at the keyframe before a past time', () => {
    const buffer = new MediaBuffer({ dvrWindowMs: 2000, readerQueueMs: 300 });
    for (let i = 0; i < 45; i++) buffer.push(video(i)); // 0 .. 4400 ms, keyframes every second
    // The GOP at 2000 is the oldest whose successor is still inside [2400, 4400].
    expect([buffer.firstMs, buffer.lastMs]).toEqual([2000, 4400]);
    expect(tags(buffer.buffered)).toEqual(['v4000', 'v4100', 'v4200', 'v4300', 'v4400']);

    const past = buffer.addReader({ onData: () => {}, onEnd: () => {} }, { atMs: 3500 });
    const oldest = buffer.addReader({ onData: () => {}, onEnd: () => {} }, { atMs: 0 });
    // Starting 1.4 s and 2.4 s behind: more than the 300 ms bound, yet nothing overflows.
    for (let i = 45; i < 48; i++) buffer.push(video(i));
    expect(past.overflows + oldest.overflows).toBe(0);
    expect(tags(past.take(2))).toEqual(['v3000', 'v3100']);
    expect(past.take()).toHaveLength(16);
    expect(tags(oldest.take()).slice(0, 1)).toEqual(['v2000']);
  });

  it('makes a live reader wait for a new keyframe when the buffered GOP is too old, and asks for one', () => {
    let asked = 0;
    const buffer = new MediaBuffer({ readerQueueUnits: 5, onKeyframeNeeded: () => asked++ });
    for (let i = 0; i < 25; i++) buffer.push(video(i, 100)); // one GOP, 2.4 s long
    const fresh = buffer.addReader({ onData: () => {}, onEnd: () => {} }, { maxAgeMs: 1000 });
    expect(fresh.queued).toBe(0);
    expect(fresh.waitingForKeyframe).toBe(true);
    expect(asked).toBe(1);
    const any = buffer.addReader({ onData: () => {}, onEnd: () => {} });
    expect(any.queued).toBe(25);
    expect(asked).toBe(1);
    // `any` overflows its 5-unit bound at once: it waits for a keyframe, and one is asked for.
    buffer.push(video(25, 100));
    expect(any.waitingForKeyframe).toBe(true);
    expect(asked).toBe(2);
    buffer.push(video(100, 100));
    expect(tags(fresh.take())).toEqual(['v10000']);
  });

  it('drops a GOP longer than maxBufferMs and keeps nothing until the next keyframe', () => {
    const buffer = new MediaBuffer({ maxBufferMs: 500 });
    for (let i = 0; i < 8; i++) buffer.push(video(i));
    expect(buffer.buffered).toEqual([]);
    const { reader } = listen(buffer);
    buffer.push(video(8));
    buffer.push(video(9));
    expect(reader.take()).toEqual([]);
    expect(reader.dropped).toBe(2);
    buffer.push(video(10));
    expect(tags(reader.take())).toEqual(['v1000']);
  });

  it('drops a slow reader to the next keyframe, counts it once per burst, and never blocks others', () => {
    const overflows: number[] = [];
    const buffer = new MediaBuffer({
      readerQueueMs: 350,
      onOverflow: (_reader, dropped) => overflows.push(dropped),
    });
    const slow = listen(buffer);
    const fast = listen(buffer);
    const fastSeen: AccessUnit[] = [];
    for (let i = 0; i < 24; i++) {
      buffer.push(video(i));
      fastSeen.push(...fast.reader.take());
    }
    expect(fastSeen).toHaveLength(24);
    expect(fast.reader.dropped).toBe(0);
    // The slow reader never reads: at 400 ms its queue (0..300) overflows, and 400..900 wait for the
    // keyframe at 1000; the same from 1000 to 1900; 2000..2300 are queued.
    expect(slow.reader.overflows).toBe(2);
    expect(overflows).toEqual([5, 15]);
    expect(slow.reader.dropped).toBe(20);
    expect(tags(slow.reader.take())).toEqual(['v2000', 'v2100', 'v2200', 'v2300']);
  });

  it('keeps an overflowing keyframe: the reader resumes on it at once', () => {
    const buffer = new MediaBuffer({ readerQueueUnits: 5 });
    const { reader } = listen(buffer);
    for (let i = 0; i < 11; i++) buffer.push(video(i, 5));
    // 0..4 queued; 5 (a keyframe) overflows and restarts the queue; 10 again.
    expect(reader.overflows).toBe(2);
    expect(tags(reader.take())).toEqual(['v1000']);
  });

  it('a reader that joins before the first keyframe waits for it', () => {
    const buffer = new MediaBuffer();
    const { reader, events } = listen(buffer);
    buffer.push(audio(0));
    buffer.push(video(1));
    expect(events).toEqual([]);
    buffer.push(video(10));
    expect(events).toEqual(['data']);
    expect(tags(reader.take())).toEqual(['v1000']);
  });

  it('tells readers the end, tracks configurations, and forgets closed readers', () => {
    const closed: number[] = [];
    const buffer = new MediaBuffer({ onReaderClosed: (remaining) => closed.push(remaining) });
    const a = listen(buffer);
    const b = listen(buffer);
    const config = { kind: 'video', timescale: 90000 } as AccessUnit['config'];
    buffer.push({ ...video(0), config });
    expect(buffer.videoConfig).toBe(config);
    a.reader.close();
    a.reader.close();
    expect(closed).toEqual([1]);
    expect(buffer.readerCount).toBe(1);
    buffer.end();
    expect(b.events).toEqual(['data', 'end']);
    expect(a.events).toEqual(['data']);
    expect(buffer.readerCount).toBe(0);
    const late = listen(buffer);
    expect(late.reader.closed).toBe(true);
    expect(late.reader.take()).toEqual([]);
  });

  it('gives a reader starting in the past the video configuration in effect at its keyframe', () => {
    const buffer = new MediaBuffer({ dvrWindowMs: 10_000 });
    const first = { kind: 'video', timescale: 90000, codec: 'avc1.42e01f' } as AccessUnit['config'];
    const second = { kind: 'video', timescale: 90000, codec: 'avc1.42e020' } as AccessUnit['config'];
    for (let i = 0; i < 40; i++) {
      const config = i === 0 ? first : i === 20 ? second : undefined;
      buffer.push(config ? { ...video(i), config } : video(i));
    }
    const at = (ms: number) => buffer.addReader({ onData: () => {}, onEnd: () => {} }, { atMs: ms }).take();
    expect(at(1500)[0]).toMatchObject({ streamMs: 1000, config: first });
    expect(at(2500)[0]).toMatchObject({ streamMs: 2000, config: second });
    expect(at(3000)[0]).toMatchObject({ streamMs: 3000, config: second });
    // The shared unit itself is not changed.
    expect(buffer.addReader({ onData: () => {}, onEnd: () => {} }).take()[0]?.config).toBeUndefined();
  });

  it('closes a reader whose listener throws, and goes on with the others', () => {
    const errors: unknown[] = [];
    const buffer = new MediaBuffer({ onListenerError: (error) => errors.push(error) });
    const bad = buffer.addReader({
      onData: () => {
        throw new Error('boom');
      },
      onEnd: () => {},
    });
    const good = listen(buffer);
    buffer.push(video(0));
    expect(bad.closed).toBe(true);
    expect(errors).toHaveLength(1);
    expect(tags(good.reader.take())).toEqual(['v0']);
  });
});
