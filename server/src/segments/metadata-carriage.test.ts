import { metadataEventFromEmsg } from '@brume/protocol';
import { describe, expect, it } from 'vitest';
import { MetadataStore } from '../metadata/metadata-store';
import { MetadataCarriage } from './metadata-carriage';

function storeAt(liveEdgeMs: { now: number }): MetadataStore {
  return new MetadataStore({ stream: 'live', clock: () => ({ liveEdgeMs: liveEdgeMs.now, firstMs: 0 }) });
}

const at = (time: number, data: unknown) => ({ time, data, position: { line: 1 } });
const read = (boxes: readonly Uint8Array[]) => boxes.map((box) => metadataEventFromEmsg(box));

describe('MetadataCarriage', () => {
  it('puts each event into the part whose end is past its time, by time, once', () => {
    const clock = { now: 1000 };
    const store = storeAt(clock);
    const carriage = new MetadataCarriage(store, 90000, () => {});
    store.accept('score', [at(1300, 'b'), at(1100, 'a'), at(1800, 'c')]);

    expect(read(carriage.take(1200))).toEqual([{ track: 'score', time: 1100, data: 'a', id: 2 }]);
    expect(read(carriage.take(1500))).toEqual([{ track: 'score', time: 1300, data: 'b', id: 1 }]);
    expect(carriage.take(1500)).toEqual([]);
    expect(read(carriage.take(2000)).map((event) => event?.data)).toEqual(['c']);
    carriage.dispose();
  });

  it('carries a late event (its part already made) in the next part, keeping its own time', () => {
    const clock = { now: 3000 };
    const store = storeAt(clock);
    const carriage = new MetadataCarriage(store, 90000, () => {});
    expect(carriage.take(2800)).toEqual([]);
    store.accept('score', [at(2500, 'late')]);
    const [box] = carriage.take(3000);
    expect(metadataEventFromEmsg(box!)).toMatchObject({ time: 2500, data: 'late' });
    carriage.dispose();
  });

  it('starts with the events already held, and stops listening when disposed', () => {
    const clock = { now: 1000 };
    const store = storeAt(clock);
    store.accept('chat', [at(500, 'before')]);
    const carriage = new MetadataCarriage(store, 90000, () => {});
    carriage.dispose();
    store.accept('chat', [at(900, 'after')]);
    expect(carriage.take(10_000)).toEqual([]);

    const again = new MetadataCarriage(store, 90000, () => {});
    expect(read(again.take(10_000)).map((event) => event?.data)).toEqual(['before', 'after']);
    again.dispose();
  });

  it('reports an event it cannot carry and carries the rest', () => {
    const clock = { now: 1000 };
    const store = storeAt(clock);
    const refused: unknown[] = [];
    const carriage = new MetadataCarriage(store, 90000, (error) => refused.push(error));
    // 50 000 s does not fit emsg's 32-bit duration at 90 kHz.
    store.accept('chat', [{ ...at(100, 'long'), duration: 50_000_000 }, at(200, 'ok')]);
    expect(read(carriage.take(1000)).map((event) => event?.data)).toEqual(['ok']);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(RangeError);
    carriage.dispose();
  });
});
