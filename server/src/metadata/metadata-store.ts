import type { MetadataEvent, MetadataTrack, MetadataTrackKind } from '@brume/protocol';
import { Emitter } from '../util/emitter';
import { MetadataError } from './metadata-error';
import type { MetadataInput } from './metadata-input';

/** An event as stored: stamped on the stream timeline and numbered. */
export type StoredMetadataEvent = Readonly<MetadataEvent & { id: number }>;

/** Where the stream's timeline is now: the live edge and the start of the DVR window, stream ms. */
export interface MetadataClockReading {
  liveEdgeMs: number;
  firstMs: number;
}

/** Reads the stream's timeline; undefined while the stream is not live (no timeline to stamp on). */
export type MetadataClock = () => MetadataClockReading | undefined;

export interface MetadataStoreEvents {
  [event: string]: unknown[];
  /** A track was created, declared or changed (the stream info lists them). */
  tracks: [tracks: readonly MetadataTrack[]];
  /** A new publish restarted the timeline: every stored event is gone; readers drop what they hold. */
  cleared: [];
}

export interface MetadataStoreOptions {
  /** The stream's name, for errors. */
  stream: string;
  clock: MetadataClock;
  /** How far ahead of the live edge an event may be stamped (a scheduled cue), ms. */
  maxAheadMs?: number;
  onListenerError?: (error: unknown) => void;
}

export type MetadataListener = (event: StoredMetadataEvent) => void;

/** Events may be scheduled this far past the live edge by default. */
export const MAX_AHEAD_MS = 5_000;

/**
 * The metadata of one stream: its tracks and its events on the stream's millisecond timeline, in
 * time order, kept for the DVR window. Protocol-neutral: packagers and sockets read it through
 * `tracks()`, `between()` and `subscribe()`.
 *
 * Events are stamped on arrival (`time` defaults to the live edge), numbered (`id` increases for
 * the store's whole life, across publishes), inserted in time order (a late event goes where its
 * time says; equal times keep arrival order) and dropped once they end before the DVR window.
 * A batch is all or nothing: one event out of range refuses the whole batch.
 */
export class MetadataStore {
  readonly events: Emitter<MetadataStoreEvents>;
  private readonly _tracks = new Map<string, MetadataTrack & { declared: boolean }>();
  private stored: StoredMetadataEvent[] = [];
  private readonly listeners = new Set<MetadataListener>();
  private nextId = 1;
  private readonly stream: string;
  private readonly clock: MetadataClock;
  private readonly maxAheadMs: number;
  private readonly onListenerError: (error: unknown) => void;

  constructor(options: MetadataStoreOptions) {
    this.stream = options.stream;
    this.clock = options.clock;
    this.maxAheadMs = options.maxAheadMs ?? MAX_AHEAD_MS;
    this.onListenerError = options.onListenerError ?? (() => {});
    this.events = new Emitter(this.onListenerError);
  }

  /** The tracks, in the order they appeared. */
  tracks(): MetadataTrack[] {
    return [...this._tracks.values()].map(({ declared: _declared, ...track }) => ({ ...track }));
  }

  track(name: string): MetadataTrack | undefined {
    const track = this._tracks.get(name);
    if (!track) return undefined;
    const { declared: _declared, ...rest } = track;
    return rest;
  }

  /** Stream ms of the live edge now; undefined while the stream is not live. */
  liveEdgeMs(): number | undefined {
    return this.clock()?.liveEdgeMs;
  }

  /** How many events are held (after trimming to the DVR window). */
  get size(): number {
    this.trim();
    return this.stored.length;
  }

  /**
   * Declares a track or changes its language and label. Its kind may change only while it holds
   * no events (`metadata/track-conflict`). A declared track survives a new publish. Returns
   * whether the track was created.
   */
  declare(track: MetadataTrack): boolean {
    const existing = this._tracks.get(track.name);
    if (existing && existing.kind !== track.kind && this.stored.some((e) => e.track === track.name)) {
      throw MetadataError.trackConflict(track.name, existing.kind, track.kind);
    }
    const next = { ...clean(track), declared: true };
    this._tracks.set(track.name, next);
    if (!existing || !sameTrack(existing, next)) this.events.emit('tracks', this.tracks());
    return !existing;
  }

  /**
   * Stamps, numbers and stores a batch for `track` (created as `kind` if it does not exist; it
   * must have that kind if it does), then hands each event to the subscribers. Throws
   * `stream/not-live` without a timeline and `metadata/time-out-of-range` for a time before the
   * DVR window or more than `maxAheadMs` past the live edge; then nothing is stored.
   */
  accept(
    track: string,
    inputs: readonly MetadataInput[],
    kind: MetadataTrackKind = 'json',
  ): StoredMetadataEvent[] {
    const now = this.clock();
    if (!now) throw MetadataError.streamNotLive(this.stream, 'not live');
    const existing = this._tracks.get(track);
    if (existing && existing.kind !== kind) throw MetadataError.trackConflict(track, existing.kind, kind);
    const window = { firstMs: now.firstMs, lastMs: now.liveEdgeMs + this.maxAheadMs };
    const stamped = inputs.map((input) => {
      const time = input.time ?? now.liveEdgeMs;
      if (time < window.firstMs || time > window.lastMs) {
        throw MetadataError.timeOutOfRange(time, window, input.position);
      }
      return { input, time };
    });
    if (!existing) {
      this._tracks.set(track, { name: track, kind, declared: false });
      this.events.emit('tracks', this.tracks());
    }
    const accepted = stamped.map(({ input, time }): StoredMetadataEvent => {
      const event = Object.freeze({
        track,
        time,
        ...(input.duration === undefined ? {} : { duration: input.duration }),
        data: input.data,
        id: this.nextId++,
      });
      this.insert(event);
      return event;
    });
    this.trim(now.firstMs);
    for (const event of accepted) {
      for (const listener of [...this.listeners]) {
        try {
          listener(event);
        } catch (error) {
          this.onListenerError(error);
        }
      }
    }
    return accepted;
  }

  /**
   * The held events in time order (then id) whose `time` is in [fromMs, toMs); with
   * `overlapping`, also those that began earlier and last into the span (a subtitle cue a WebVTT
   * segment must repeat). `track` keeps one track's events.
   */
  between(
    fromMs: number,
    toMs: number,
    options: { overlapping?: boolean; track?: string } = {},
  ): StoredMetadataEvent[] {
    this.trim();
    const { overlapping = false, track } = options;
    const end = this.firstAtOrAfter(toMs);
    const begin = overlapping ? 0 : this.firstAtOrAfter(fromMs);
    const result: StoredMetadataEvent[] = [];
    for (let i = begin; i < end; i++) {
      const event = this.stored[i];
      if (!event || (track !== undefined && event.track !== track)) continue;
      if (event.time >= fromMs || event.time + (event.duration ?? 0) > fromMs) result.push(event);
    }
    return result;
  }

  /** Calls `listener` with every event accepted from now on (in acceptance order, which may not be time order). */
  subscribe(listener: MetadataListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * A new publish restarted the timeline: events and the tracks that came from events alone go;
   * declared tracks stay (a declaration is configuration). Ids keep increasing.
   */
  restart(): void {
    const hadEvents = this.stored.length > 0;
    this.stored = [];
    let tracksChanged = false;
    for (const [name, track] of this._tracks) {
      if (!track.declared) {
        this._tracks.delete(name);
        tracksChanged = true;
      }
    }
    if (hadEvents) this.events.emit('cleared');
    if (tracksChanged) this.events.emit('tracks', this.tracks());
  }

  dispose(): void {
    this.stored = [];
    this._tracks.clear();
    this.listeners.clear();
    this.events.removeAll();
  }

  /** Drops the events that end before the DVR window (read from the clock when not given). */
  private trim(firstMs = this.clock()?.firstMs): void {
    if (firstMs === undefined) return;
    // Stored by start time, so a long event may sit behind short later ones: scan, keep what lasts.
    if (!this.stored.some((event) => event.time + (event.duration ?? 0) < firstMs)) return;
    this.stored = this.stored.filter((event) => event.time + (event.duration ?? 0) >= firstMs);
  }

  private insert(event: StoredMetadataEvent): void {
    const at = this.firstAtOrAfter(event.time, true);
    if (at === this.stored.length) this.stored.push(event);
    else this.stored.splice(at, 0, event);
  }

  /** Index of the first event with time ≥ ms (or > ms with `after`), by binary search. */
  private firstAtOrAfter(ms: number, after = false): number {
    let low = 0;
    let high = this.stored.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const time = this.stored[mid]?.time ?? 0;
      if (time < ms || (after && time === ms)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function clean(track: MetadataTrack): MetadataTrack {
  return {
    name: track.name,
    kind: track.kind,
    ...(track.lang === undefined ? {} : { lang: track.lang }),
    ...(track.label === undefined ? {} : { label: track.label }),
  };
}

function sameTrack(a: MetadataTrack, b: MetadataTrack): boolean {
  return a.kind === b.kind && a.lang === b.lang && a.label === b.label;
}
