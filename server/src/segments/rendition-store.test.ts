import { describe, expect, it } from 'vitest';
import { readBoxes } from '../cmaf/testing/box-reader';
import { RenditionStore } from './rendition-store';

const INFO = { kind: 'video' as const, codec: 'avc1.42e01f', width: 320, height: 180 };
const bytes = (n: number) => Uint8Array.of(0, 0, 0, 9, 0x66, 0x72, 0x65, 0x65, n); // a tiny `free` box per part

function part(index: number, startMs: number, durationMs = 250) {
  return { index, startMs, durationMs, independent: index === 0 };
}

/** Segments [from, to) of 1 s, 4 parts each; the last one left open when `open`. */
function filled(from: number, to: number, open = false): RenditionStore {
  const store = new RenditionStore(INFO, Uint8Array.of(1));
  for (let msn = from; msn < to; msn++) {
    store.startSegment(msn, true);
    for (let i = 0; i < 4; i++) store.addPart(msn, part(i, msn * 1000 + i * 250), bytes(i));
    if (!(open && msn === to - 1)) store.endSegment(msn, (msn + 1) * 1000);
  }
  return store;
}

describe('RenditionStore', () => {
  it('snapshots segments with their parts, the open one last and incomplete', () => {
    const snapshot = filled(3, 6, true).snapshot(1000);
    expect(snapshot.segments.map((s) => [s.msn, s.startMs, s.durationMs, s.complete])).toEqual([
      [3, 3000, 1000, true],
      [4, 4000, 1000, true],
      [5, 5000, 1000, false],
    ]);
    expect(snapshot.segments[2]!.parts.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(snapshot).toMatchObject({ kind: 'video', codec: 'avc1.42e01f', bandwidth: 1000, ended: false });
  });

  it('serves parts and whole segments (styp first, then the parts in order)', () => {
    const store = filled(0, 2);
    expect(store.part(1, 2)).toEqual(bytes(2));
    expect(store.part(1, 4)).toBeUndefined();
    expect(store.part(7, 0)).toBeUndefined();
    const segment = Buffer.concat(store.segmentChunks(1));
    expect(readBoxes(segment).map((b) => b.type)).toEqual(['styp', 'free', 'free', 'free', 'free']);
    // From part 2 on: only the rest, for a chunked response that already sent the start.
    expect(store.segmentChunks(1, 2)).toEqual([bytes(2), bytes(3)]);
    expect(store.segmentState(1)).toBe('complete');
    expect(store.segmentState(9)).toBe('missing');
  });

  it('trims segments that ended before the window start, keeping at least one', () => {
    const store = filled(0, 10);
    store.trim(4500);
    expect([store.firstMsn, store.lastMsn]).toEqual([4, 9]);
    expect(store.byteLength).toBe(6 * 4 * 9);
    store.trim(1e9);
    expect([store.firstMsn, store.lastMsn]).toEqual([9, 9]);
  });

  it('drops a segment that got no part, and refuses parts out of order', () => {
    const store = filled(0, 1);
    store.startSegment(1, true);
    store.endSegment(1, 2000);
    expect(store.segmentState(1)).toBe('missing');
    expect(() => store.addPart(0, part(0, 0), bytes(0))).toThrow(RangeError);
    expect(() => store.startSegment(0, true)).toThrow(RangeError);
  });

  it('ends: the open segment closes at its last part and the snapshot says ended', () => {
    const store = filled(0, 2, true);
    store.end();
    const snapshot = store.snapshot(0);
    expect(snapshot.ended).toBe(true);
    expect(snapshot.segments.at(-1)).toMatchObject({ msn: 1, complete: true, durationMs: 1000 });
  });
});
