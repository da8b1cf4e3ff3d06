import { describe, expect, it } from 'vitest';
import { MetadataError } from './metadata-error';
import type { MetadataInput } from './metadata-input';
import { MetadataStore, type MetadataClockReading, type StoredMetadataEvent } from './metadata-store';

function setup(reading: MetadataClockReading | 'not live' = { liveEdgeMs: 10_000, firstMs: 0 }) {
  const clock: { reading: MetadataClockReading | undefined } = {
    reading: reading === 'not live' ? undefined : reading,
  };
  const errors: unknown[] = [];
  const store = new MetadataStore({
    stream: 'cam',
    clock: () => clock.reading,
    onListenerError: (error) => errors.push(error),
  });
  return { store, clock, errors };
}

const input = (data: unknown, time?: number, duration?: number): MetadataInput => ({
  data,
  ...(time === undefined ? {} : { time }),
  ...(duration === undefined ? {} : { duration }),
  position: { line: 1 },
});

describe('MetadataStore', () => {
  it('stamps the live edge, numbers events across tracks, and keeps them in time order', () => {
    const { store } = setup();
    const [a] = store.accept('chat', [input('a')]);
    expect(a).toEqual({ track: 'chat', time: 10_000, data: 'a', id: 1 });
    store.accept('score', [input('late', 4000, 100), input('same', 10_000)]);
    store.accept('chat', [input('early', 2000)]);
    expect(store.between(0, Infinity).map((e) => [e.data, e.time, e.id])).toEqual([
      ['early', 2000, 4],
      ['late', 4000, 2],
      ['a', 10_000, 1],
      ['same', 10_000, 3],
    ]);
    expect(store.between(4000, 10_000).map((e) => e.data)).toEqual(['late']);
    expect(store.between(0, Infinity, { track: 'chat' }).map((e) => e.data)).toEqual(['early', 'a']);
  });

  it('finds events that started before a span and last into it when asked for overlaps', () => {
    const { store } = setup();
    store.accept(
      'en',
      [input('long', 1000, 5000), input('short', 2000, 100), input('in', 6500, 10)],
      'subtitle',
    );
    expect(store.between(5000, 7000).map((e) => e.data)).toEqual(['in']);
    expect(store.between(5000, 7000, { overlapping: true }).map((e) => e.data)).toEqual(['long', 'in']);
  });

  it('creates a track on its first event (json unless told) and reports track changes', () => {
    const { store } = setup();
    const seen: string[][] = [];
    store.events.on('tracks', (tracks) =>
      seen.push(tracks.map((t) => `${t.name}:${t.kind}:${t.lang ?? ''}`)),
    );
    store.accept('chat', [input(1)]);
    store.accept('chat', [input(2)]);
    expect(store.declare({ name: 'en', kind: 'subtitle', lang: 'en', label: 'English' })).toBe(true);
    expect(store.declare({ name: 'en', kind: 'subtitle', lang: 'en', label: 'English' })).toBe(false);
    expect(store.declare({ name: 'en', kind: 'subtitle', lang: 'en-GB' })).toBe(false);
    expect(seen).toEqual([
      ['chat:json:'],
      ['chat:json:', 'en:subtitle:en'],
      ['chat:json:', 'en:subtitle:en-GB'],
    ]);
    expect(store.tracks()).toEqual([
      { name: 'chat', kind: 'json' },
      { name: 'en', kind: 'subtitle', lang: 'en-GB' },
    ]);
  });

  it('refuses a kind change of a track holding events, and events of the wrong kind', () => {
    const { store } = setup();
    store.accept('chat', [input(1)]);
    expect(() => store.declare({ name: 'chat', kind: 'subtitle' })).toThrow(/json track and holds events/);
    expect(() => store.accept('chat', [input('x')], 'subtitle')).toThrow(MetadataError);
    store.declare({ name: 'empty', kind: 'json' });
    store.declare({ name: 'empty', kind: 'subtitle' });
    expect(store.track('empty')?.kind).toBe('subtitle');
  });

  it('refuses a whole batch when one time is outside the window, storing nothing', () => {
    const { store } = setup({ liveEdgeMs: 70_000, firstMs: 10_000 });
    const tooOld = () =>
      store.accept('chat', [input('ok', 20_000), { ...input('old', 9999), position: { line: 2 } }]);
    expect(tooOld).toThrow(/line 2: time 9999 is outside the stream's window \[10000, 75000\]/);
    const tooFar = () => store.accept('chat', [input('far', 75_001)]);
    expect(tooFar).toThrow(MetadataError);
    expect(store.accept('chat', [input('edge', 75_000)])).toHaveLength(1);
    expect(store.between(0, Infinity).map((e) => e.data)).toEqual(['edge']);
    try {
      tooOld();
    } catch (error) {
      expect((error as MetadataError).code).toBe('metadata/time-out-of-range');
    }
  });

  it('refuses events without a timeline (not live)', () => {
    const { store } = setup('not live');
    expect(() => store.accept('chat', [input(1)])).toThrow(/stream cam is not live/);
    expect(store.tracks()).toEqual([]);
  });

  it('trims events that end before the DVR window as it moves, keeping long ones still running', () => {
    const { store, clock } = setup({ liveEdgeMs: 5000, firstMs: 0 });
    store.accept('chat', [input('a', 1000), input('b', 2000, 4000), input('c', 3000)]);
    clock.reading = { liveEdgeMs: 65_000, firstMs: 3500 };
    expect(store.between(0, Infinity).map((e) => e.data)).toEqual(['b']);
    expect(store.size).toBe(1);
  });

  it('tells subscribers of each accepted event; a throwing listener is reported, others still called', () => {
    const { store, errors } = setup();
    const seen: StoredMetadataEvent[] = [];
    store.subscribe(() => {
      throw new Error('listener bug');
    });
    const off = store.subscribe((event) => seen.push(event));
    store.accept('chat', [input(1), input(2, 500)]);
    off();
    store.accept('chat', [input(3)]);
    expect(seen.map((e) => e.data)).toEqual([1, 2]);
    // The throwing listener stayed subscribed: three events, three reported errors.
    expect(errors).toHaveLength(3);
  });

  it('a new publish clears events and event-made tracks, keeps declared ones, and ids go on', () => {
    const { store } = setup();
    const events: string[] = [];
    store.events.on('cleared', () => events.push('cleared'));
    store.events.on('tracks', (tracks) => events.push(tracks.map((t) => t.name).join(',')));
    store.declare({ name: 'en', kind: 'subtitle' });
    store.accept('chat', [input(1)]);
    store.restart();
    expect(events).toEqual(['en', 'en,chat', 'cleared', 'en']);
    expect(store.between(0, Infinity)).toEqual([]);
    expect(store.tracks()).toEqual([{ name: 'en', kind: 'subtitle' }]);
    expect(store.accept('chat', [input(2)])[0]?.id).toBe(2);
  });

  it('dispose drops listeners and data', () => {
    const { store } = setup();
    let calls = 0;
    store.subscribe(() => calls++);
    store.events.on('tracks', () => calls++);
    store.dispose();
    expect(store.tracks()).toEqual([]);
    store.accept('chat', [input(1)]);
    expect(calls).toBe(0);
  });
});
