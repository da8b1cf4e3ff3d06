import type { TimeRange } from '../types';
import { AppendQueue } from './append-queue';
import { toRanges } from './buffered-ranges';

export interface MseSinkHooks {
  /** The playhead (s), to make room behind it when the buffer is full. */
  playhead(): number;
  onAppended(): void;
  onError(message: string, cause?: unknown): void;
}

/** Seconds kept behind the playhead on each successive attempt at making room for an append. */
const QUOTA_KEEP_BEHIND_S = [10, 3, 0.5];

type MediaSourceConstructor = new () => MediaSource;

function mediaSourceClass(): { Class: MediaSourceConstructor; managed: boolean } | undefined {
  const g = globalThis as {
    MediaSource?: MediaSourceConstructor;
    ManagedMediaSource?: MediaSourceConstructor;
  };
  if (typeof g.MediaSource === 'function') return { Class: g.MediaSource, managed: false };
  if (typeof g.ManagedMediaSource === 'function') return { Class: g.ManagedMediaSource, managed: true };
  return undefined;
}

/**
 * One MediaSource on the video element with one SourceBuffer for the muxed tracks of an init
 * segment (`mode: 'segments'`: fragments land at their `tfdt`, the stream timeline). Work given
 * before the source opens waits for it. A different set of tracks (audio only and back) needs a
 * new sink: MSE refuses an init segment whose track count differs from the first one.
 */
export class MseSink {
  private readonly source: MediaSource;
  private readonly url: string;
  private buffer: SourceBuffer | undefined;
  private queue: AppendQueue | undefined;
  /** Work asked for before `sourceopen`. */
  private readonly early: ((queue: AppendQueue) => void)[] = [];
  private disposed = false;
  private readonly onOpen = (): void => this.opened();

  /**
   * Attaches a new MediaSource to `video` (replacing whatever it played).
   * @param mime the SourceBuffer type, `video/mp4; codecs="avc1.42e01f, opus"`
   * @param kinds the track kinds it carries, e.g. `video+audio`
   */
  constructor(
    private readonly video: HTMLVideoElement,
    private mime: string,
    readonly kinds: string,
    private readonly hooks: MseSinkHooks,
  ) {
    const found = mediaSourceClass();
    if (!found) throw new Error('this browser has no Media Source Extensions');
    this.source = new found.Class();
    // Safari's ManagedMediaSource plays only when AirPlay is off or has another source.
    if (found.managed) video.disableRemotePlayback = true;
    this.source.addEventListener('sourceopen', this.onOpen);
    this.url = URL.createObjectURL(this.source);
    video.src = this.url;
  }

  /** The SourceBuffer type now in use. */
  get type(): string {
    return this.mime;
  }

  /** Operations queued and not yet finished. */
  get pending(): number {
    return (this.queue?.pending ?? 0) + this.early.length;
  }

  ranges(): TimeRange[] {
    return this.buffer ? toRanges(this.buffer.buffered) : [];
  }

  append(data: ArrayBuffer): void {
    this.run((queue) => queue.append(data));
  }

  /** An init segment: never dropped by `clear()`. */
  appendInit(data: ArrayBuffer): void {
    this.run((queue) => queue.append(data, true));
  }

  remove(start: number, end: number): void {
    this.run((queue) => queue.remove(start, end));
  }

  /** Whether a removal up to at least `end` is already on its way. */
  removing(end: number): boolean {
    return this.queue?.removing(end) ?? false;
  }

  /** Forgets everything buffered and every fragment not yet appended. */
  clear(): void {
    this.run((queue) => queue.clear());
  }

  /** Same tracks, other codec parameters (a new SPS with another profile): switch the parser. */
  changeType(mime: string): void {
    this.mime = mime;
    this.run((queue) =>
      queue.call(() => {
        if (typeof this.buffer?.changeType !== 'function')
          throw new Error('SourceBuffer.changeType is missing');
        this.buffer.changeType(mime);
      }),
    );
  }

  /**
   * No more media will come: once the queue drained, ends the stream so the element plays to the
   * end of what is buffered and fires `ended`; `onNothing` runs instead when nothing is buffered.
   */
  end(onNothing: () => void): void {
    this.run((queue) =>
      queue.call(() => {
        if (this.ranges().length === 0) onNothing();
        else if (this.source.readyState === 'open') this.source.endOfStream();
      }),
    );
  }

  /** The DVR window as the element's `seekable` (live MediaSources have no duration to give it). */
  setLiveWindow(window: TimeRange): void {
    if (this.source.readyState !== 'open' || typeof this.source.setLiveSeekableRange !== 'function') return;
    try {
      this.source.setLiveSeekableRange(window.start, window.end);
    } catch {
      // Only refused while the source is closing; the next tick sets it again.
    }
  }

  /** Stops feeding the buffer; the element keeps the source until the caller gives it another. */
  dispose(): void {
    this.disposed = true;
    this.early.length = 0;
    this.queue?.dispose();
    this.source.removeEventListener('sourceopen', this.onOpen);
    URL.revokeObjectURL(this.url);
  }

  private run(work: (queue: AppendQueue) => void): void {
    if (this.disposed) return;
    if (this.queue) work(this.queue);
    else this.early.push(work);
  }

  private opened(): void {
    if (this.disposed || this.queue) return;
    // Infinite duration is what makes this a live source: Chromium then renders with low delay
    // (fewer decoded frames held before it plays) and `seekable` follows `setLiveSeekableRange`.
    this.source.duration = Infinity;
    let buffer: SourceBuffer;
    try {
      buffer = this.source.addSourceBuffer(this.mime);
    } catch (error) {
      this.hooks.onError(`this browser's MSE refused ${this.mime}`, error);
      return;
    }
    buffer.mode = 'segments';
    this.buffer = buffer;
    this.queue = new AppendQueue(buffer, {
      onAppended: () => this.hooks.onAppended(),
      onError: (message, cause) => this.hooks.onError(message, cause),
      onQuotaExceeded: (attempt) => {
        const keep = QUOTA_KEEP_BEHIND_S[attempt - 1];
        const first = this.ranges()[0];
        const end = keep === undefined ? undefined : this.hooks.playhead() - keep;
        return first && end !== undefined && end > first.start ? { start: first.start, end } : undefined;
      },
    });
    for (const work of this.early.splice(0)) work(this.queue);
  }
}
