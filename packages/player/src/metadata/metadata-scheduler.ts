import type { MetadataEvent } from '@brume/protocol';

/** What the scheduler tells its owner. Called synchronously from `add`, `advance` and `rearm`. */
export interface MetadataSchedulerHandlers {
  /** An event is due: its frame is on screen (`late`: it arrived, or became known, after that). */
  enter(event: MetadataEvent, late: boolean): void;
  /** An event with a `duration` has run out (or playback left it: seek, new engine). */
  exit(event: MetadataEvent): void;
  /** Events dropped from memory, behind the playhead by more than the retention. */
  forget(events: MetadataEvent[]): void;
}

/**
 * An engine's own jump (live catch-up, a skip over a gap) up to this far ahead continues the run:
 * what it skipped fires late rather than never. Farther is a new start, as a seek is.
 */
export const MAX_CATCH_UP_MS = 10_000;
/** An event this close before the first frame after a jump would have fired on that frame anyway. */
const JUMP_FRAME_SLACK_MS = 50;

interface Entry {
  event: MetadataEvent;
  key: string;
  /** `time + duration` for events with a duration; they exit when the playhead reaches it. */
  end: number | undefined;
}

/** The identity of an event for de-duplication: the server's id, else what it says and when. */
export function metadataEventKey(event: MetadataEvent): string {
  if (event.id !== undefined) return `#${event.id}`;
  return `${event.track}\u0000${event.time}\u0000${JSON.stringify(event.data) ?? ''}`;
}

/** Index of the first entry whose `time` is > `time` (or ≥ with `inclusive`), by binary search. */
function bound(entries: readonly Entry[], time: number, inclusive: boolean): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = (entries[mid] as Entry).event.time;
    if (t < time || (!inclusive && t === time)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Decides when each metadata event fires, from the stream time of the frame on screen. Pure: it is
 * fed positions (`advance`) by whoever watches the video (requestVideoFrameCallback, or a timer on
 * `currentTime` where that is missing) and never reads a clock itself.
 *
 * Rules: an event fires on the first position ≥ its time, in time order; one arriving behind the
 * position fires at once, `late`; after `rearm()` (seek, jump to live, new engine) the next position
 * is a new start: events before it stay silent, except those whose duration still covers it (a
 * subtitle in progress), which enter late. Events are kept (and re-fire after a seek back) until they
 * are `retainMs` behind the playhead; duplicates (same id, or same track, time and data) are dropped.
 * After `jumped()` (playback skipped by itself, not by the viewer) the run goes on: events skipped
 * over fire late on the next position, and a jump back replays nothing.
 */
export class MetadataScheduler {
  /** Every known event, sorted by time (arrival order among equal times). */
  private entries: Entry[] = [];
  /** Index of the first entry not yet due in this run. */
  private next = 0;
  private readonly keys = new Set<string>();
  /** Entered events with a duration, sorted by end. */
  private active: Entry[] = [];
  /** Where this run started (first position after a rearm); `undefined` until then. */
  private startMs: number | undefined;
  /** The latest position of this run. */
  private positionMs: number | undefined;
  /** Set by `jumped()`: the position before the jump, until the next position. */
  private jumpFromMs: number | undefined;

  constructor(
    private readonly handlers: MetadataSchedulerHandlers,
    /** How far behind the playhead events are kept (the DVR window, so a seek back replays them). */
    public retainMs: number,
  ) {}

  /** Number of events held. */
  get size(): number {
    return this.entries.length;
  }

  /** The latest position (stream ms) since the last rearm, `undefined` before the first. */
  get position(): number | undefined {
    return this.positionMs;
  }

  /** Takes events in any order; returns the ones that were new (not duplicates, not too old). */
  add(events: readonly MetadataEvent[]): MetadataEvent[] {
    const accepted: MetadataEvent[] = [];
    const horizon = this.positionMs === undefined ? -Infinity : this.positionMs - this.retainMs;
    // Sorted, so late events of one batch fire in time order.
    for (const event of [...events].sort((a, b) => a.time - b.time)) {
      if (!Number.isFinite(event.time) || event.time < horizon) continue;
      const key = metadataEventKey(event);
      if (this.keys.has(key)) continue;
      this.keys.add(key);
      const duration = event.duration;
      const entry: Entry = {
        event,
        key,
        end:
          duration !== undefined && Number.isFinite(duration) && duration >= 0
            ? event.time + duration
            : undefined,
      };
      const index = bound(this.entries, event.time, false);
      this.entries.splice(index, 0, entry);
      accepted.push(event);
      const position = this.positionMs;
      const start = this.startMs;
      // Not running (no position since the rearm), or ahead of the playhead: it waits its turn.
      if (position === undefined || start === undefined || event.time > position) continue;
      // Behind the playhead: everything up to the position is already past `next`.
      this.next++;
      if (event.time >= start || (entry.end !== undefined && entry.end > position)) {
        this.enter(entry, true);
        this.exitDue(position);
      }
    }
    return accepted;
  }

  /** The frame (or playhead) at `streamMs` is on screen: fires what is due. */
  advance(streamMs: number): void {
    if (!Number.isFinite(streamMs)) return;
    const jumpFrom = this.jumpFromMs;
    this.jumpFromMs = undefined;
    if (jumpFrom !== undefined && streamMs - jumpFrom > MAX_CATCH_UP_MS) this.rearm();
    if (this.startMs === undefined) {
      this.startMs = streamMs;
      this.positionMs = streamMs;
      this.next = bound(this.entries, streamMs, true);
      // Started inside an event's span (a subtitle on screen): it is shown, late.
      for (let i = 0; i < this.next; i++) {
        const entry = this.entries[i] as Entry;
        if (entry.end !== undefined && entry.end > streamMs) this.enter(entry, true);
      }
    }
    // A position that goes back without a rearm (timing jitter) fires nothing twice.
    this.positionMs = Math.max(this.positionMs ?? streamMs, streamMs);
    const position = this.positionMs;
    this.exitDue(position);
    // After a jump forward, an event whose frame was skipped fires late.
    const onTimeFrom = jumpFrom === undefined ? -Infinity : position - JUMP_FRAME_SLACK_MS;
    while (this.next < this.entries.length && (this.entries[this.next] as Entry).event.time <= position) {
      const entry = this.entries[this.next++] as Entry;
      this.enter(entry, entry.event.time < onTimeFrom);
    }
    this.exitDue(position);
    this.prune(position);
  }

  /**
   * Playback skipped by itself (an engine catching up with the live edge): the run goes on from
   * the next position, so nothing accepted is lost by a jump the viewer did not ask for. A jump
   * of more than `MAX_CATCH_UP_MS` starts a new run instead.
   */
  jumped(): void {
    if (this.positionMs !== undefined) this.jumpFromMs = this.positionMs;
  }

  /** Playback jumped (seek, live edge, new engine): the next position starts a new run. */
  rearm(): void {
    this.jumpFromMs = undefined;
    for (const entry of this.active.splice(0)) this.handlers.exit(entry.event);
    this.startMs = undefined;
    this.positionMs = undefined;
    this.next = 0;
  }

  /** The stream time of the next enter or exit, for a timer; `undefined` when nothing waits. */
  nextDueMs(): number | undefined {
    const enter = this.startMs === undefined ? undefined : this.entries[this.next]?.event.time;
    const exit = this.active[0]?.end;
    if (enter === undefined) return exit;
    return exit === undefined ? enter : Math.min(enter, exit);
  }

  /** Every event held, in time order. */
  events(): MetadataEvent[] {
    return this.entries.map((entry) => entry.event);
  }

  /** Forgets everything (a new timeline: the stream was published again). Reports exits. */
  clear(): void {
    this.rearm();
    const forgotten = this.events();
    this.entries = [];
    this.keys.clear();
    if (forgotten.length) this.handlers.forget(forgotten);
  }

  private enter(entry: Entry, late: boolean): void {
    const end = entry.end;
    if (end !== undefined) {
      // Few events are on screen at once: a linear insert keeps `active` sorted by end.
      const at = this.active.findIndex((other) => (other.end as number) > end);
      this.active.splice(at < 0 ? this.active.length : at, 0, entry);
    }
    this.handlers.enter(entry.event, late);
  }

  private exitDue(position: number): void {
    while (this.active.length && ((this.active[0] as Entry).end as number) <= position) {
      this.handlers.exit((this.active.shift() as Entry).event);
    }
  }

  /** Drops events that are due and older than the retention (cheap unless there is something to drop). */
  private prune(position: number): void {
    const horizon = position - this.retainMs;
    let count = 0;
    while (count < this.next && (this.entries[count] as Entry).event.time < horizon) count++;
    if (!count) return;
    const dropped = this.entries.splice(0, count);
    this.next -= count;
    for (const entry of dropped) this.keys.delete(entry.key);
    this.handlers.forget(dropped.map((entry) => entry.event));
  }
}
