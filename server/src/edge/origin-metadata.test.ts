import { describe, expect, it } from 'vitest';
import { MetadataStore } from '../metadata/metadata-store';
import { memoryLogger } from '../testing/memory-logger';
import { edgeTimeOf, OriginMetadata } from './origin-metadata';

describe('edgeTimeOf', () => {
  it('moves an origin time by the distance between the two frames', () => {
    // The origin says RTP 90000 is its 10 s; the edge packaged RTP 45000 at its 2 s, so RTP 90000
    // is the edge's 2.5 s and an event at the origin's 10.2 s is the edge's 2.7 s.
    expect(
      edgeTimeOf(10_200, { rtp: 90_000, streamMs: 10_000 }, { rtpTimestamp: 45_000, streamMs: 2000 }),
    ).toBe(2700);
  });

  it('works across the 32-bit RTP wrap and for a clock behind the edge', () => {
    const edge = { rtpTimestamp: 2 ** 32 - 9000, streamMs: 5000 };
    // 9000 ticks + 9000 ticks later, across the wrap: 200 ms after the edge's frame.
    expect(edgeTimeOf(1000, { rtp: 9000, streamMs: 1000 }, edge)).toBe(5200);
    // A clock naming a frame 100 ms before the edge's newest one.
    expect(edgeTimeOf(1000, { rtp: 2 ** 32 - 18_000, streamMs: 1000 }, edge)).toBe(4900);
  });
});

describe('OriginMetadata', () => {
  const live = () => {
    const store = new MetadataStore({ stream: 'cam', clock: () => ({ liveEdgeMs: 3000, firstMs: 0 }) });
    let edge: { rtpTimestamp: number; streamMs: number } | undefined;
    const relay = new OriginMetadata(
      () => store,
      () => edge,
      memoryLogger().log,
    );
    return { store, relay, setEdge: (pair: typeof edge) => (edge = pair) };
  };

  it('holds events until both clocks are known, then stores them at edge time', () => {
    const { store, relay, setEdge } = live();
    relay.receive('{"type":"meta","events":[{"track":"chat","time":10500,"data":"hi","id":7}]}');
    relay.receive('{"type":"clock","rtp":90000,"streamMs":10000}');
    expect(store.between(0, Infinity)).toEqual([]);
    setEdge({ rtpTimestamp: 90_000, streamMs: 2000 });
    relay.flush();
    expect(store.between(0, Infinity)).toEqual([{ track: 'chat', time: 2500, data: 'hi', id: 1 }]);
    // Later events go straight in; malformed messages are ignored.
    relay.receive('not json');
    relay.receive('{"type":"meta","events":[{"track":"chat","time":10600,"duration":500,"data":2}]}');
    expect(store.between(0, Infinity).map((e) => [e.time, e.duration, e.data])).toEqual([
      [2500, undefined, 'hi'],
      [2600, 500, 2],
    ]);
  });

  it('drops an event outside the edge window without losing the others', () => {
    const { store, relay, setEdge } = live();
    setEdge({ rtpTimestamp: 0, streamMs: 2000 });
    relay.receive('{"type":"clock","rtp":0,"streamMs":10000}');
    // 20 s past the edge's live edge: refused by the store (more than 5 s ahead).
    relay.receive(
      '{"type":"meta","events":[{"track":"a","time":30000,"data":1},{"track":"a","time":10100,"data":2}]}',
    );
    expect(store.between(0, Infinity).map((e) => e.data)).toEqual([2]);
  });

  it('keeps the declared kind of a track', () => {
    const { store, relay, setEdge } = live();
    store.declare({ name: 'subs', kind: 'subtitle' });
    setEdge({ rtpTimestamp: 0, streamMs: 1000 });
    relay.receive('{"type":"clock","rtp":0,"streamMs":1000}');
    relay.receive('{"type":"meta","events":[{"track":"subs","time":1200,"duration":900,"data":"Bonjour"}]}');
    expect(store.track('subs')?.kind).toBe('subtitle');
    expect(store.between(0, Infinity).map((e) => e.data)).toEqual(['Bonjour']);
  });
});
