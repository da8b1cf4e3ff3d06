import type {
  SourceInfo,
  StreamInfo,
  StreamState,
  StreamSummary,
  StreamTimeline,
  TrackInfo,
} from '@brume/protocol';
import { Emitter } from '../util/emitter';

/** Why a publish ended; logged, and kept on the stream for the API. */
export type EndReason =
  'delete' | 'ice-failed' | 'ice-closed' | 'timeout' | 'replaced' | 'stream-ended' | 'shutdown' | 'error';

export interface StreamEvents {
  [event: string]: unknown[];
  /** Something a player reads changed (state, tracks, sources). */
  change: [stream: Stream];
  /** State changed (also reported through `change`). */
  state: [stream: Stream, previous: StreamState, reason?: EndReason];
}

/** Builds the stream's playback sources when it is live (protocol code supplies them). */
export type SourceBuilder = (stream: Stream, baseUrl: string) => SourceInfo[];

/** The media a live stream holds (its DVR window), as the packaging pipeline knows it. */
export type TimelineSource = (
  stream: Stream,
) => (Omit<StreamTimeline, 'lastMs'> & { lastMs: number }) | undefined;

/** Details of a track the ingest learns over time; only differences that matter to a player notify. */
export type TrackUpdate = Partial<Pick<TrackInfo, 'width' | 'height' | 'fps' | 'bitrate'>>;

/**
 * One named stream and its lifecycle: offline → starting (publish accepted) → live (first media)
 * → ended (publish stopped), and starting again on the next publish. Protocol-neutral: it knows
 * tracks and viewers, not peer connections.
 */
export class Stream {
  readonly events: Emitter<StreamEvents>;
  private _state: StreamState = 'offline';
  private _tracks: TrackInfo[] = [];
  private _startUnixMs = 0;
  private _viewers = 0;
  private _publisherId: string | undefined;
  private _endReason: EndReason | undefined;
  private notifyTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    private readonly sources: SourceBuilder,
    onListenerError?: (error: unknown) => void,
    private readonly detailThrottleMs = 500,
    private readonly timelineOf?: TimelineSource,
  ) {
    this.events = new Emitter(onListenerError);
  }

  get state(): StreamState {
    return this._state;
  }

  get tracks(): readonly TrackInfo[] {
    return this._tracks;
  }

  get publisherId(): string | undefined {
    return this._publisherId;
  }

  get viewers(): number {
    return this._viewers;
  }

  get startUnixMs(): number {
    return this._startUnixMs;
  }

  get endReason(): EndReason | undefined {
    return this._endReason;
  }

  /** A publisher was accepted: the stream is starting with these tracks (ids are assigned here). */
  beginPublish(publisherId: string, tracks: Omit<TrackInfo, 'id'>[], now = Date.now()): void {
    this._publisherId = publisherId;
    this._tracks = tracks.map((track, id) => ({ ...track, id }));
    this._startUnixMs = now;
    this._endReason = undefined;
    this.setState('starting');
  }

  /** First media arrived from the current publisher. */
  markLive(publisherId: string): void {
    if (publisherId === this._publisherId && this._state === 'starting') this.setState('live');
  }

  /** The current publisher stopped. A stale publisher (already replaced) changes nothing. */
  endPublish(publisherId: string, reason: EndReason): void {
    if (publisherId !== this._publisherId) return;
    this._publisherId = undefined;
    this._tracks = [];
    this._endReason = reason;
    this.setState('ended', reason);
  }

  updateTrack(id: number, update: TrackUpdate): void {
    const track = this._tracks.find((t) => t.id === id);
    if (!track) return;
    const significant =
      (update.width !== undefined && update.width !== track.width) ||
      (update.height !== undefined && update.height !== track.height) ||
      (update.fps !== undefined && Math.abs(update.fps - (track.fps ?? 0)) >= 2) ||
      (update.bitrate !== undefined && relativeChange(update.bitrate, track.bitrate ?? 0) > 0.25);
    Object.assign(track, update);
    if (significant) this.notifySoon();
  }

  setViewers(count: number): void {
    if (count === this._viewers) return;
    this._viewers = count;
    this.notifySoon();
  }

  info(baseUrl: string, now = Date.now()): StreamInfo {
    const live = this._state === 'live';
    return {
      name: this.name,
      state: this._state,
      type: 'live',
      tracks: this._tracks.map((track) => ({ ...track })),
      sources: live ? this.sources(this, baseUrl) : [],
      timeline: (live ? this.timelineOf?.(this) : undefined) ?? {
        startUnixMs: this._startUnixMs,
        firstMs: 0,
        lastMs: live || this._state === 'starting' ? Math.max(0, now - this._startUnixMs) : 0,
        dvrWindowMs: 0,
      },
    };
  }

  summary(): StreamSummary {
    return {
      name: this.name,
      state: this._state,
      tracks: this._tracks.map((track) => ({ ...track })),
      viewers: this._viewers,
      ...(this._state === 'live' || this._state === 'starting' ? { since: this._startUnixMs } : {}),
    };
  }

  dispose(): void {
    clearTimeout(this.notifyTimer);
    this.notifyTimer = undefined;
    this.events.removeAll();
  }

  private setState(next: StreamState, reason?: EndReason): void {
    const previous = this._state;
    if (previous === next && next !== 'starting') return;
    this._state = next;
    this.events.emit('state', this, previous, reason);
    this.notifyNow();
  }

  private notifyNow(): void {
    clearTimeout(this.notifyTimer);
    this.notifyTimer = undefined;
    this.events.emit('change', this);
  }

  /** Detail changes (size learned, bitrate drift, viewer count) are coalesced, never per packet. */
  private notifySoon(): void {
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => this.notifyNow(), this.detailThrottleMs);
    this.notifyTimer.unref();
  }
}

function relativeChange(next: number, previous: number): number {
  if (previous === 0) return next === 0 ? 0 : 1;
  return Math.abs(next - previous) / previous;
}
