import type { MetadataEvent } from '@brume/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_CATCH_UP_MS, MetadataScheduler, metadataEventKey } from './metadata-scheduler';

const ev = (time: number, extra: Partial<MetadataEvent> = {}): MetadataEvent => ({
  track: 'chat',
  time,
  data: { n: time },
  ...extra,
});

describe('MetadataScheduler', () => {
  let log: string[];
  let forgotten: number[];
  let scheduler: MetadataScheduler;

  beforeEach(() => {
    log = [];
    forgotten = [];
    scheduler = new MetadataScheduler(
      {
        enter: (event, late) => log.push(`${late ? 'late' : 'enter'} ${event.time}`),
        exit: (event) => log.push(`exit ${event.time}`),
        forget: (events) => forgotten.push(...events.map((e) => e.time)),
      },
      10_000,
    );
  });

  it('fires each event on the first frame at or after its time, in time order', () => {
    scheduler.add([ev(1200), ev(1000), ev(1100)]);
    scheduler.advance(900);
    expect(log).toEqual([]);
    scheduler.advance(1000);
    expect(log).toEqual(['enter 1000']);
    scheduler.advance(1199);
    expect(log).toEqual(['enter 1000', 'enter 1100']);
    scheduler.advance(1300);
    scheduler.advance(1400);
    expect(log).toEqual(['enter 1000', 'enter 1100', 'enter 1200']);
  });

  it('fires nothing without frames (paused playback)', () => {
    scheduler.add([ev(0), ev(10)]);
    expect(log).toEqual([]);
    expect(scheduler.nextDueMs()).toBeUndefined();
  });

  it('keeps arrival order among events with the same time', () => {
    const seen: unknown[] = [];
    const s = new MetadataScheduler(
      { enter: (e) => seen.push(e.data), exit: () => {}, forget: () => {} },
      1000,
    );
    s.add([ev(500, { data: 'a' }), ev(500, { data: 'b' })]);
    s.add([ev(500, { data: 'c' })]);
    s.advance(0);
    s.advance(500);
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('fires an event that arrives behind the displayed frame at once, flagged late, in time order', () => {
    scheduler.advance(1000);
    scheduler.advance(2000);
    scheduler.add([ev(1900), ev(1500), ev(2500)]);
    expect(log).toEqual(['late 1500', 'late 1900']);
    scheduler.advance(2500);
    expect(log).toEqual(['late 1500', 'late 1900', 'enter 2500']);
  });

  it('does not fire events from before the point where playback started (joining live)', () => {
    scheduler.add([ev(100), ev(4000), ev(5000)]);
    scheduler.advance(5000);
    expect(log).toEqual(['enter 5000']);
    // The server's backlog arriving after the first frame is not played either.
    scheduler.add([ev(200), ev(4999)]);
    expect(log).toEqual(['enter 5000']);
    scheduler.add([ev(5000, { data: 'same time, after start' })]);
    expect(log).toEqual(['enter 5000', 'late 5000']);
  });

  it('drops repeats: by id when there is one, else by track, time and data', () => {
    expect(scheduler.add([ev(100, { id: 7 }), ev(100, { id: 7, data: 'changed' })])).toHaveLength(1);
    expect(scheduler.add([ev(200), ev(200)])).toHaveLength(1);
    expect(scheduler.add([ev(200, { track: 'score' }), ev(200, { data: 'other' })])).toHaveLength(2);
    scheduler.advance(0);
    scheduler.advance(300);
    expect(log).toEqual(['enter 100', 'enter 200', 'enter 200', 'enter 200']);
    scheduler.add([ev(100, { id: 7 }), ev(200)]);
    expect(log).toHaveLength(4);
    expect(metadataEventKey(ev(1, { id: 3 }))).toBe('#3');
  });

  it('re-arms on a seek: events before the new position stay silent, those at or after it wait', () => {
    scheduler.add([ev(1000), ev(2000), ev(3000), ev(4000)]);
    scheduler.advance(0);
    scheduler.advance(2500);
    expect(log).toEqual(['enter 1000', 'enter 2000']);
    scheduler.rearm();
    // Before the first frame after the seek, nothing is due (and late arrivals just wait).
    scheduler.add([ev(500)]);
    expect(scheduler.nextDueMs()).toBeUndefined();
    scheduler.advance(3000);
    expect(log).toEqual(['enter 1000', 'enter 2000', 'enter 3000']);
    // Seek back: the events there fire again as playback passes them.
    scheduler.rearm();
    scheduler.advance(900);
    scheduler.advance(1000);
    scheduler.advance(2000);
    expect(log.slice(3)).toEqual(['enter 1000', 'enter 2000']);
    expect(scheduler.position).toBe(2000);
  });

  it('reports exits for events with a duration, and enters a span the seek lands in (late)', () => {
    scheduler.add([ev(1000, { duration: 500 }), ev(1400, { duration: 0 }), ev(1600)]);
    scheduler.advance(1000);
    expect(scheduler.nextDueMs()).toBe(1400);
    scheduler.advance(1450);
    expect(log).toEqual(['enter 1000', 'enter 1400', 'exit 1400']);
    expect(scheduler.nextDueMs()).toBe(1500);
    scheduler.advance(1600);
    expect(log.slice(3)).toEqual(['exit 1000', 'enter 1600']);

    log = [];
    scheduler.rearm();
    scheduler.advance(1200);
    expect(log).toEqual(['late 1000']);
    // A seek exits what is on screen.
    scheduler.rearm();
    expect(log).toEqual(['late 1000', 'exit 1000']);
  });

  it('enters and exits a late event whose span already ended, so exits always pair with enters', () => {
    scheduler.advance(0);
    scheduler.advance(5000);
    scheduler.add([ev(1000, { duration: 100 }), ev(4900, { duration: 500 })]);
    expect(log).toEqual(['late 1000', 'exit 1000', 'late 4900']);
    scheduler.advance(5400);
    expect(log.at(-1)).toBe('exit 4900');
  });

  it('forgets events once they are behind the playhead by the retention, and ignores older arrivals', () => {
    scheduler.add([ev(0), ev(5000), ev(20_000)]);
    scheduler.advance(0);
    scheduler.advance(12_000);
    expect(forgotten).toEqual([0]);
    expect(scheduler.size).toBe(2);
    scheduler.advance(19_000);
    expect(forgotten).toEqual([0, 5000]);
    // A repeat of a forgotten event is too old to matter: not stored, not fired.
    expect(scheduler.add([ev(5000)])).toEqual([]);
    expect(scheduler.events().map((e) => e.time)).toEqual([20_000]);
  });

  it('clear() forgets everything (a new publish restarts the timeline)', () => {
    scheduler.add([ev(0, { duration: 1000 }), ev(10)]);
    scheduler.advance(0);
    scheduler.clear();
    expect(log).toEqual(['enter 0', 'exit 0']);
    expect(forgotten).toEqual([0, 10]);
    expect(scheduler.size).toBe(0);
    expect(scheduler.add([ev(10)])).toHaveLength(1);
  });

  it("goes on after jumped(): skipped events late, the new frame's own on time, nothing twice", () => {
    scheduler.add([ev(1000), ev(2000), ev(2960), ev(3100)]);
    scheduler.advance(1000);
    scheduler.jumped();
    scheduler.advance(3000);
    expect(log).toEqual(['enter 1000', 'late 2000', 'enter 2960']);
    scheduler.advance(3100);
    expect(log.at(-1)).toBe('enter 3100');
    scheduler.jumped();
    scheduler.advance(500);
    scheduler.advance(3200);
    expect(log).toHaveLength(4);
  });

  it('starts a new run when jumped() goes further than MAX_CATCH_UP_MS', () => {
    scheduler.add([ev(1000), ev(5000), ev(1000 + MAX_CATCH_UP_MS + 2000)]);
    scheduler.advance(1000);
    scheduler.jumped();
    scheduler.advance(1000 + MAX_CATCH_UP_MS + 1000);
    scheduler.advance(1000 + MAX_CATCH_UP_MS + 2000);
    expect(log).toEqual(['enter 1000', `enter ${1000 + MAX_CATCH_UP_MS + 2000}`]);
  });

  it('ignores positions that go back without a rearm', () => {
    scheduler.add([ev(1000), ev(1010)]);
    scheduler.advance(1005);
    scheduler.advance(990);
    expect(scheduler.position).toBe(1005);
    scheduler.advance(1010);
    expect(log).toEqual(['enter 1010']);
  });
});
