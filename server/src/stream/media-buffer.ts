import type { AccessUnit, TrackConfig } from '../media/access-unit';

export interface MediaBufferOptions {
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
  /** A reader closed itself; `remaining` readers are left (0: the producer may stop). */
  onReaderClosed?: (remaining: number) => void;
}

export interface MediaReaderListener {
  /** Units were queued: call `take()` now or later (a consumer under back-pressure waits). */
  onData(): void;
  /** The stream ended: nothing more will come. `take()` still returns what is queued. */
  onEnd(): void;
}

const DEFAULTS = { maxBufferMs: 10_000, readerQueueMs: 2_000, readerQueueUnits: 1_000 };

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
    Pick<MediaBufferOptions, 'maxBufferMs' | 'readerQueueMs' | 'readerQueueUnits'>
  >;
  private gop: AccessUnit[] = [];
  private readers: readonly MediaReader[] = [];
  private _videoConfig: TrackConfig | undefined;
  private _audioConfig: TrackConfig | undefined;
  private ended = false;

  constructor(private readonly callbacks: MediaBufferOptions = {}) {
    this.options = {
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

  /** Units kept for the next reader (from the latest keyframe). */
  get buffered(): readonly AccessUnit[] {
    return this.gop;
  }

  push(unit: AccessUnit): void {
    if (this.ended) return;
    if (unit.config) {
      if (unit.kind === 'video') this._videoConfig = unit.config;
      else this._audioConfig = unit.config;
    }
    if (unit.kind === 'video' && unit.keyframe) {
      this.gop = [unit];
    } else if (this.gop.length > 0) {
      const first = this.gop[0];
      if (first && unit.streamMs - first.streamMs > this.options.maxBufferMs) this.gop = [];
      else this.gop.push(unit);
    }
    // A copy-on-write list: listeners may add or close readers while it is walked.
    for (const reader of this.readers) {
      if (reader.closed) continue;
      if (reader.offer(unit, this.options)) this.notify(reader, 'onData');
      if (reader.overflowPending) {
        reader.overflowPending = false;
        this.callbacks.onOverflow?.(reader, reader.dropped);
      }
    }
  }

  /** A new reader, starting at the latest keyframe if one is buffered, else at the next one. */
  addReader(listener: MediaReaderListener): MediaReader {
    const reader = new MediaReader(listener, this.ended ? [] : this.gop.slice(), (r) => {
      this.readers = this.readers.filter((other) => other !== r);
      this.callbacks.onReaderClosed?.(this.readers.length);
    });
    if (this.ended) reader.end();
    else this.readers = [...this.readers, reader];
    return reader;
  }

  /** The stream ended: every reader is told, and nothing more is accepted. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.gop = [];
    const readers = this.readers;
    this.readers = [];
    for (const reader of readers) {
      reader.end();
      this.notify(reader, 'onEnd');
    }
  }

  /** Drops the buffered GOP (the pipeline stopped; the next start begins at a new keyframe). */
  clear(): void {
    this.gop = [];
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
  private waitingForKeyframe: boolean;
  private _dropped = 0;
  private _overflows = 0;
  private _closed = false;
  /** @internal set by `offer`, reported by the buffer once the listener has run. */
  overflowPending = false;

  constructor(
    readonly listener: MediaReaderListener,
    backlog: AccessUnit[],
    private readonly detach: (reader: MediaReader) => void,
  ) {
    this.queue = backlog;
    this.waitingForKeyframe = backlog.length === 0;
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

  /** Everything queued, oldest first; the queue is empty afterwards. */
  take(): AccessUnit[] {
    const units = this.queue;
    this.queue = [];
    return units;
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
  offer(unit: AccessUnit, limits: { readerQueueMs: number; readerQueueUnits: number }): boolean {
    const keyframe = unit.kind === 'video' && unit.keyframe;
    if (this.waitingForKeyframe) {
      if (!keyframe) {
        this._dropped++;
        return false;
      }
      this.waitingForKeyframe = false;
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
        this.waitingForKeyframe = true;
        return false;
      }
    }
    this.queue.push(unit);
    return true;
  }
}
