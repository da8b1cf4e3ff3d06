import { randomBytes } from 'node:crypto';
import type { AccessUnit } from '../media/access-unit';
import type { MediaReader } from '../stream/media-buffer';
import { Emitter } from '../util/emitter';
import type { Logger } from '../util/logger';
import type { LiveMedia } from '../webrtc/publisher-media';
import { CmafSegmenter, type SegmenterEvent } from './cmaf-segmenter';
import { MetadataCarriage, type MetadataSource } from './metadata-carriage';
import { RenditionStore } from './rendition-store';
import { SubtitleRenditions } from './subtitle-renditions';
import type { RenditionKind, RenditionSnapshot } from './segment-model';

export interface LivePackagerOptions {
  /** How much media stays requestable (and listed), in ms. */
  dvrWindowMs: number;
  segmentMs?: number;
  partMs?: number;
  /** The stream's metadata: its events ride in the video parts as ID3 `emsg` (`MetadataCarriage`). */
  metadata?: MetadataSource;
  /**
   * A part became requestable `lagMs` after the wall-clock time its media ends (metrics). Only
   * media that ended after the packaging started: a DVR backlog is not production lag.
   */
  onPart?: (kind: RenditionKind, lagMs: number) => void;
  log: Logger;
}

interface PackagerEvents {
  [event: string]: unknown[];
  /** A part, segment or the end was added: blocked requests re-check. */
  change: [];
}

/** Media this close to the wall clock is live (the rest is DVR backlog). */
const LIVE_SLACK_MS = 1000;
/** Keyframe requests come back this long later at first; then measured. */
const INITIAL_KEYFRAME_LEAD_MS = 200;

/**
 * The LL-HLS / LL-DASH packaging of one live publish: a media reader feeding a `CmafSegmenter`,
 * whose parts and segments land in one `RenditionStore` per track, kept for the DVR window.
 * Asks the publisher for a keyframe ahead of every segment boundary, learning how long a request
 * takes to come back. Requests that wait for media to exist (blocking playlist reload, preload
 * hints, chunked segments) wait on `change`.
 */
export class LivePackager {
  /**
   * Part of every media URL, so a later publish under the same name (or the same publish packaged
   * again after idling, or after a restart), whose segments number from 0 again, never reuses a
   * URL a cache holds: media is cached as immutable for a year. 64 random bits: no counter to keep
   * across restarts, and a repeat is beyond reach.
   */
  readonly publishId = randomBytes(8).toString('hex');
  readonly events = new Emitter<PackagerEvents>();
  readonly startUnixMs: number;
  private readonly createdAtUnixMs = Date.now();
  private readonly reader: MediaReader;
  private segmenter: CmafSegmenter | undefined;
  private carriage: MetadataCarriage | undefined;
  /** The subtitle tracks' WebVTT / `wvtt` renditions, when the stream has metadata. */
  readonly subtitles: SubtitleRenditions | undefined;
  private stores: Partial<Record<RenditionKind, RenditionStore>> = {};
  private keyframeLeadMs = INITIAL_KEYFRAME_LEAD_MS;
  private keyframeAskedAtMs: number | undefined;
  private latestMs = 0;
  /** The segment (cut late, without a keyframe) for which a keyframe was asked to end it early. */
  private repairAskedFor: number | undefined;
  private _ended = false;
  private _mediaEnded = false;
  private _disposed = false;
  private fps: number | undefined;
  private videoFrames = 0;
  private firstVideoMs: number | undefined;

  /** How much this packager keeps listed (fixed when it started; DASH `timeShiftBufferDepth`). */
  get dvrWindowMs(): number {
    return this.options.dvrWindowMs;
  }

  constructor(
    readonly media: LiveMedia,
    private readonly options: LivePackagerOptions,
  ) {
    this.startUnixMs = media.startUnixMs;
    this.subtitles = options.metadata && new SubtitleRenditions(options.metadata);
    // From the oldest keyframe held: the DVR window is listed from the first request on.
    this.reader = media.addReader(
      {
        onData: () => this.pump(),
        onEnd: () => {
          this._mediaEnded = true;
          this.pump();
          this.finish();
        },
      },
      { atMs: 0 },
    );
    // Listeners run later, never inside addReader: drain the backlog now.
    this.pump();
    if (this.reader.closed) {
      this._mediaEnded = true;
      this.finish();
    }
  }

  get ended(): boolean {
    return this._ended;
  }

  /** The publish ended (as opposed to the packaging stopping on a configuration change). */
  get mediaEnded(): boolean {
    return this._mediaEnded;
  }

  get disposed(): boolean {
    return this._disposed;
  }

  get segmentMs(): number {
    return this.segmenter?.segmentMs ?? this.options.segmentMs ?? 1000;
  }

  /** The rendition's store, once the first keyframe set up the tracks. */
  store(kind: RenditionKind): RenditionStore | undefined {
    return this.stores[kind];
  }

  /** Whether the tracks are known (the first keyframe arrived). */
  get ready(): boolean {
    return this.stores.video !== undefined;
  }

  snapshot(kind: RenditionKind): RenditionSnapshot | undefined {
    const store = this.stores[kind];
    if (!store) return undefined;
    return store.snapshot(this.bandwidth(store));
  }

  /**
   * Resolves true as soon as `check()` holds (checked now and after every change), false after
   * `timeoutMs`, on `signal` abort, or when the packager is disposed.
   */
  waitUntil(check: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (check()) return Promise.resolve(true);
    if (this._disposed || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (result: boolean) => {
        clearTimeout(timer);
        off();
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      const off = this.events.on('change', () => {
        if (check()) done(true);
        else if (this._disposed) done(false);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Stops reading; waiting requests are released. */
  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    this.carriage?.dispose();
    this.reader.close();
    this.events.emit('change');
  }

  private pump(): void {
    if (this._disposed) return;
    const events: SegmenterEvent[] = [];
    for (const unit of this.reader.take()) {
      this.segmenter ??= this.start(unit);
      const segmenter = this.segmenter;
      if (!segmenter) continue;
      this.observe(unit);
      events.push(...segmenter.push(unit));
      if (segmenter.configChanged) {
        // A new SPS/PPS (resolution change) needs new init segments: this packaging ends here,
        // and the next request starts a new one (new publish id, new URLs).
        this.options.log.info({}, 'video configuration changed: LL-HLS/DASH packaging restarts');
        this.apply(events);
        this.finish();
        return;
      }
      // Only for live media: a backlog from the DVR window is past asking for.
      const live = Date.now() - (this.startUnixMs + this.latestMs) < LIVE_SLACK_MS;
      if (!live) continue;
      const repair = !segmenter.segmentIndependent && this.repairAskedFor !== segmenter.currentMsn;
      if (repair) this.repairAskedFor = segmenter.currentMsn;
      if (segmenter.wantKeyframe(this.latestMs, this.keyframeLeadMs) || repair) {
        this.keyframeAskedAtMs = this.latestMs;
        this.media.requestKeyframe();
      }
    }
    this.apply(events);
  }

  private start(unit: AccessUnit): CmafSegmenter | undefined {
    const video = unit.config?.kind === 'video' ? unit.config : this.media.videoConfig;
    if (unit.kind !== 'video' || !unit.keyframe || !video) return undefined;
    const audio = this.media.audioConfig;
    const { metadata, log } = this.options;
    const carriage =
      metadata &&
      new MetadataCarriage(metadata, video.timescale, (error) =>
        log.warn({ err: error }, 'a metadata event could not be carried in LL-HLS/DASH'),
      );
    this.carriage = carriage;
    const segmenter = new CmafSegmenter({
      ...(carriage ? { videoLeadingBoxes: ({ endMs }) => carriage.take(endMs) } : {}),
      video,
      ...(audio ? { audio } : {}),
      ...(this.options.segmentMs ? { segmentMs: this.options.segmentMs } : {}),
      ...(this.options.partMs ? { partMs: this.options.partMs } : {}),
    });
    this.stores.video = new RenditionStore(
      { kind: 'video', codec: video.codec, width: video.width, height: video.height },
      segmenter.videoInit,
    );
    if (audio && segmenter.audioInit) {
      this.stores.audio = new RenditionStore(
        { kind: 'audio', codec: 'opus', channels: audio.channelCount, sampleRate: audio.sampleRate },
        segmenter.audioInit,
      );
    }
    return segmenter;
  }

  /** Learns the frame rate and how long a keyframe request takes to come back. */
  private observe(unit: AccessUnit): void {
    this.latestMs = Math.max(this.latestMs, unit.streamMs);
    if (unit.kind !== 'video') return;
    this.firstVideoMs ??= unit.streamMs;
    this.videoFrames++;
    const span = unit.streamMs - this.firstVideoMs;
    if (span >= 2000 && this.videoFrames % 30 === 0) this.fps = ((this.videoFrames - 1) * 1000) / span;
    if (unit.keyframe && this.keyframeAskedAtMs !== undefined) {
      const took = unit.streamMs - this.keyframeAskedAtMs;
      this.keyframeAskedAtMs = undefined;
      // A keyframe a viewer asked for can come first: only plausible round trips count.
      if (took >= 0 && took < 1000) {
        this.keyframeLeadMs = Math.min(600, Math.max(50, 0.8 * this.keyframeLeadMs + 0.2 * (took + 30)));
      }
    }
  }

  private apply(events: readonly SegmenterEvent[]): void {
    if (events.length === 0) return;
    const stores = Object.values(this.stores);
    for (const event of events) {
      if (event.type === 'segment') {
        for (const store of stores) store.startSegment(event.msn, event.independent);
      } else if (event.type === 'part') {
        this.stores[event.kind]?.addPart(event.msn, event.part, event.bytes);
        this.reportPart(event.kind, event.part.startMs + event.part.durationMs);
        if (event.kind === 'video') this.subtitles?.addPart(event.msn, event.part);
      } else {
        for (const store of stores) store.endSegment(event.msn, event.endMs);
        this.subtitles?.endSegment(event.msn, event.endMs);
      }
    }
    const windowStart = this.latestMs - this.options.dvrWindowMs;
    for (const store of stores) store.trim(windowStart);
    const firstMsn = this.stores.video?.firstMsn;
    if (firstMsn !== undefined) this.subtitles?.trim(firstMsn);
    this.events.emit('change');
  }

  private reportPart(kind: RenditionKind, endMs: number): void {
    const onPart = this.options.onPart;
    const endUnixMs = this.startUnixMs + endMs;
    if (onPart && endUnixMs >= this.createdAtUnixMs) onPart(kind, Date.now() - endUnixMs);
  }

  private finish(): void {
    if (this._ended) return;
    this._ended = true;
    if (this.segmenter && !this.segmenter.configChanged) this.apply(this.segmenter.flush());
    for (const store of Object.values(this.stores)) store.end();
    // A segment the video store closed itself (packaging stopped without a flush) closes here too.
    const last = this.stores.video?.snapshot(0).segments.at(-1);
    if (last?.complete) this.subtitles?.endSegment(last.msn, last.startMs + last.durationMs);
    this.carriage?.dispose();
    this.reader.close();
    this.events.emit('change');
  }

  /** Peak-ish bits per second over the window: the mean, with headroom for keyframes. */
  private bandwidth(store: RenditionStore): number {
    const spanMs = store.spanMs;
    const fallback = store.info.kind === 'video' ? 2_500_000 : 64_000;
    if (spanMs < 1000) return fallback;
    return Math.round(((store.byteLength * 8) / (spanMs / 1000)) * 1.25);
  }

  /** Frames per second measured over the packaged video, once there are two seconds of it. */
  get frameRate(): number | undefined {
    return this.fps;
  }
}
