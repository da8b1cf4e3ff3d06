import type { AccessUnit, TrackConfig } from '../media/access-unit';

export interface MediaBufferOptions {
  /**
   * How much media stays for readers that start in the past (DVR), in ms: whole GOPs, from the
   * oldest keyframe still inside the window. 0 keeps only the latest GOP.
   */
  dvrWindowMs?: number;
  /**
   * The most media kept for new readers: everything from the latest video keyframe on. A GOP longer
   * than this is dropped whole, and new readers wait for the next keyframe.
   */
  maxBufferMs?: number;
  /** The most media one reader may have waiting, in stream ms from its oldest to its newest unit. */
  readerQueueMs?: number;
  /** The most units one reader may have waiting (bounds memory when timestamps stall). */
  readerQueueUnits?: number;
  /** A reader overflowed and lost its queue; called once per burst (until it resumes at a keyframe). */
  onOverflow?: (reader: MediaReader, dropped: number) => void;
  /** A reader's listener threw: the reader is closed and the error reported here. */
  onListenerError?: (error: unknown) => void;
  /**
   * A reader is waiting for a keyframe (it joined with no usable GOP, or fell behind): with WebRTC
   * publishers, which send keyframes only when asked, the producer should ask for one.
   */
  onKeyframeNeeded?: () => void;
  /** A reader closed itself; `remaining` readers are left (0: the producer may stop). */
  onReaderClosed?: (remaining: number) => void;
}

export interface MediaReaderListener {
  /** Units were queued: call `take()` now or later (a consumer under back-pressure waits). */
  onData(): void;
  /** The stream ended: nothing more will come. `take()` still returns what is queued. */
  onEnd(): void;
}

const DEFAULTS = { dvrWindowMs: 0, maxBufferMs: 10_000, readerQueueMs: 2_000, readerQueueUnits: 1_000 };

export interface ReaderStart {
  /**
   * Stream ms to start at: the reader begins at the last keyframe at or before it (the oldest held
   * if it is older than the window). Unset: the latest keyframe (the live edge).
   */
  atMs?: number;
  /**
   * For a live start: a buffered GOP that began more than this long before the newest unit is not
   * used (a viewer would start seconds behind); the reader waits for the next keyframe instead, and
   * `onKeyframeNeeded` asks for one.
   */
  maxAgeMs?: number;
}

/**
 * The access units of one stream, for packagers (DESIGN.md "Server pipeline"): keeps the current
 * GOP (from the latest video keyframe, bounded) so a new reader starts on a keyframe at once, and
 * fans every unit out to readers with their own bounded queues. A reader that does not keep up
 * loses its queue and resumes at the next keyframe; ingest never waits for a reader.
 *
 * Units are shared between readers and must not be mutated.
 */
export class MediaBuffer {
  private readonly options: Required<
    Pick<MediaBufferOptions, 'dvrWindowMs' | 'maxBufferMs' | 'readerQueueMs' | 'readerQueueUnits'>
  >;
  /** Whole GOPs, oldest first: always starts with a video keyframe (or is empty). */
  private history: AccessUnit[] = [];
  /** Indexes of the video keyframes in `history`. */
  private keyframes: number[] = [];
  /**
   * The video configuration in effect at each of `keyframes`: units carry `config` only when it
   * changes, so a reader starting at an older keyframe would otherwise not know its SPS/PPS.
   */
  private keyframeConfigs: (TrackConfig | undefined)[] = [];
  private readers: readonly MediaReader[] = [];
  private _videoConfig: TrackConfig | undefined;
  private _audioConfig: TrackConfig | undefined;
  private ended = false;

  constructor(private readonly callbacks: MediaBufferOptions = {}) {
    this.options = {
      dvrWindowMs: callbacks.dvrWindowMs ?? DEFAULTS.dvrWindowMs,
      maxBufferMs: callbacks.maxBufferMs ?? DEFAULTS.maxBufferMs,
      readerQueueMs: callbacks.readerQueueMs ?? DEFAULTS.readerQueueMs,
      readerQueueUnits: callbacks.readerQueueUnits ?? DEFAULTS.readerQueueUnits,
    };
  }

  get readerCount(): number {
    return this.readers.length;
  }

  /** The latest configuration seen per kind (units carry `config` only when it changes). */
  get videoConfig(): TrackConfig | undefined {
    return this._videoConfig;
  }

  get audioConfig(): TrackConfig | undefined {
    return this._audioConfig;
  }

  /** Units kept for the next live reader: from the latest keyframe, unless that GOP outgrew `maxBufferMs`. */
  get buffered(): readonly AccessUnit[] {
    const last = this.keyframes.at(-1);
    if (last === undefined) return [];
    const gop = this.history.slice(last);
    const first = gop[0];
    const newest = gop.at(-1);
    return first && newest && newest.streamMs - first.streamMs > this.options.maxBufferMs ? [] : gop;
  }

  /** Stream ms of the oldest unit a reader can start at (a keyframe), if any is held. */
  get firstMs(): number | undefined {
    return this.history[0]?.streamMs;
  }

  /** Stream ms of the newest unit held. */
  get lastMs(): number | undefined {
    return this.history.at(-1)?.streamMs;
  }

  push(unit: AccessUnit): void {
    if (this.ended) return;
    if (unit.config) {
      if (unit.kind === 'video') this._videoConfig = unit.config;
      else this._audioConfig = unit.config;
    }
    this.remember(unit);
    // A copy-on-write list: listeners may add or close readers while it is walked.
    for (const reader of this.readers) {
      if (reader.closed) continue;
      if (reader.offer(unit)) this.notify(reader, 'onData');
      if (reader.overflowPending) {
        reader.overflowPending = false;
        this.callbacks.onOverflow?.(reader, reader.dropped);
        if (reader.waitingForKeyframe) this.callbacks.onKeyframeNeeded?.();
      }
    }
  }

  /**
   * A new reader, starting at the latest keyframe if one is buffered (else at the next one), or in
   * the past (`start.atMs`). A reader starting in the past may lag the live edge by as much as it
   * started behind, plus the usual bound.
   */
  addReader(listener: MediaReaderListener, start: ReaderStart = {}): MediaReader {
    const backlog = this.ended
      ? []
      : start.atMs === undefined
        ? this.live(start.maxAgeMs)
        : this.from(start.atMs);
    const first = backlog[0];
    const newest = this.history.at(-1);
    const behindMs = first && newest ? newest.streamMs - first.streamMs : 0;
    const limits = {
      readerQueueMs: this.options.readerQueueMs + (start.atMs === undefined ? 0 : behindMs),
      readerQueueUnits: this.options.readerQueueUnits + (start.atMs === undefined ? 0 : backlog.length),
    };
    const reader = new MediaReader(listener, backlog, limits, (r) => {
      this.readers = this.readers.filter((other) => other !== r);
      this.callbacks.onReaderClosed?.(this.readers.length);
    });
    if (this.ended) reader.end();
    else {
      this.readers = [...this.readers, reader];
      if (backlog.length === 0) this.callbacks.onKeyframeNeeded?.();
    }
    return reader;
  }

  /** The stream ended: every reader is told, and nothing more is accepted. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.history = [];
    this.keyframes = [];
    this.keyframeConfigs = [];
    const readers = this.readers;
    this.readers = [];
    for (const reader of readers) {
      reader.end();
      this.notify(reader, 'onEnd');
    }
  }

  /** Drops everything held (the pipeline stopped; the next start begins at a new keyframe). */
  clear(): void {
    this.history = [];
    this.keyframes = [];
    this.keyframeConfigs = [];
  }

  /** Keeps `unit` in the history, then forgets GOPs that left the window. */
  private remember(unit: AccessUnit): void {
    if (unit.kind === 'video' && unit.keyframe) {
      this.keyframes.push(this.history.length);
      this.keyframeConfigs.push(this._videoConfig);
    } else if (this.history.length === 0) {
      return; // nothing can start before the first keyframe
    }
    this.history.push(unit);
    const { dvrWindowMs, maxBufferMs } = this.options;
    // Whole GOPs leave once the next keyframe is itself outside the window.
    let drop = 0;
    let dropKeys = 0;
    for (let k = 1; k < this.keyframes.length; k++) {
      const next = this.history[this.keyframes[k] ?? 0];
      if (!next || unit.streamMs - next.streamMs < dvrWindowMs) break;
      drop = this.keyframes[k] ?? 0;
      dropKeys = k;
    }
    const oldest = this.history[drop];
    // One GOP longer than the window and its slack: keep nothing until the next keyframe.
    if (
      oldest &&
      dropKeys === this.keyframes.length - 1 &&
      unit.streamMs - oldest.streamMs > dvrWindowMs + maxBufferMs
    ) {
      this.history = [];
      this.keyframes = [];
      this.keyframeConfigs = [];
      return;
    }
    if (drop > 0) {
      this.history = this.history.slice(drop);
      this.keyframes = this.keyframes.slice(dropKeys).map((index) => index - drop);
      this.keyframeConfigs = this.keyframeConfigs.slice(dropKeys);
    }
  }

  /** The buffered GOP, unless it began more than `maxAgeMs` before the newest unit. */
  private live(maxAgeMs = Infinity): AccessUnit[] {
    const gop = this.buffered;
    const first = gop[0];
    const newest = gop.at(-1);
    return first && newest && newest.streamMs - first.streamMs <= maxAgeMs ? gop.slice() : [];
  }

  /**
   * Held units from the last keyframe at or before `atMs` (the oldest keyframe if before them all).
   * The first one carries the video configuration in effect there (a copy: units are shared).
   */
  private from(atMs: number): AccessUnit[] {
    let k = 0;
    while (k + 1 < this.keyframes.length && (this.history[this.keyframes[k + 1] ?? 0]?.streamMs ?? 0) <= atMs)
      k++;
    const start = this.keyframes[k];
    if (start === undefined) return [];
    const units = this.history.slice(start);
    const first = units[0];
    const config = this.keyframeConfigs[k];
    if (first && !first.config && config) units[0] = { ...first, config };
    return units;
  }

  private notify(reader: MediaReader, event: keyof MediaReaderListener): void {
    try {
      reader.listener[event]();
    } catch (error) {
      reader.close();
      this.callbacks.onListenerError?.(error);
    }
  }
}

/** One consumer of a `MediaBuffer`: a bounded queue it drains with `take()`. */
export class MediaReader {
  private queue: AccessUnit[];
  private _waitingForKeyframe: boolean;
  private _dropped = 0;
  private _overflows = 0;
  private _closed = false;
  /** @internal set by `offer`, reported by the buffer once the listener has run. */
  overflowPending = false;

  constructor(
    readonly listener: MediaReaderListener,
    backlog: AccessUnit[],
    private readonly limits: { readerQueueMs: number; readerQueueUnits: number },
    private readonly detach: (reader: MediaReader) => void,
  ) {
    this.queue = backlog;
    this._waitingForKeyframe = backlog.length === 0;
  }

  /** Whether the next unit it takes must be a keyframe (it joined before one, or fell behind). */
  get waitingForKeyframe(): boolean {
    return this._waitingForKeyframe;
  }

  /** Units dropped because this reader fell behind (or joined before the first keyframe). */
  get dropped(): number {
    return this._dropped;
  }

  /** Times this reader fell behind and lost its queue. */
  get overflows(): number {
    return this._overflows;
  }

  get closed(): boolean {
    return this._closed;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Everything queued (or the first `max` units), oldest first, removed from the queue. */
  take(max = Infinity): AccessUnit[] {
    if (max >= this.queue.length) {
      const units = this.queue;
      this.queue = [];
      return units;
    }
    return this.queue.splice(0, max);
  }

  /** Stops receiving; safe to call twice. */
  close(): void {
    if (this._closed) return;
    this._closed = true;
    this.queue = [];
    this.detach(this);
  }

  /** @internal */
  end(): void {
    this._closed = true;
  }

  /**
   * @internal Queues a unit; returns whether it was queued. Past the bound the queue is dropped and
   * the reader waits for the next video keyframe (a decoder could not use anything before it).
   */
  offer(unit: AccessUnit): boolean {
    const { limits } = this;
    const keyframe = unit.kind === 'video' && unit.keyframe;
    if (this._waitingForKeyframe) {
      if (!keyframe) {
        this._dropped++;
        return false;
      }
      this._waitingForKeyframe = false;
    }
    const first = this.queue[0];
    const over =
      this.queue.length >= limits.readerQueueUnits ||
      (first !== undefined && unit.streamMs - first.streamMs > limits.readerQueueMs);
    if (over) {
      this._dropped += this.queue.length;
      this._overflows++;
      this.overflowPending = true;
      this.queue = [];
      if (!keyframe) {
        this._dropped++;
        this._waitingForKeyframe = true;
        return false;
      }
    }
    this.queue.push(unit);
    return true;
  }
}
