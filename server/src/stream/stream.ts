import type {
  SourceInfo,
  StreamInfo,
  StreamState,
  StreamSummary,
  StreamTimeline,
  TrackInfo,
} from '@brume/protocol';
import { Emitter } from '../util/emitter';
import { MetadataStore, type MetadataClockReading } from '../metadata/metadata-store';

/** Why a publish ended; logged, and kept on the stream for the API. */
export type EndReason =
  | 'delete'
  | 'ice-failed'
  | 'ice-closed'
  | 'timeout'
  | 'replaced'
  | 'stream-ended'
  | 'shutdown'
  | 'error'
  /** Ended by an administrator (`/api/admin/.../kick`). */
  | 'kicked'
  /** A pulled source played out (an HLS VoD, or a live playlist that ended). */
  | 'source-ended'
  /** A pull nobody watched was stopped; the next request starts it again. */
  | 'idle';

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

/**
 * Where a live stream's timeline is (live edge, DVR window start) for stamping metadata; undefined
 * falls back to the wall clock since the publish began.
 */
export type StreamClockSource = (stream: Stream) => MetadataClockReading | undefined;

/** The outputs that carry metadata tracks (MPEG-TS here has no way to: video only, no `emsg`). */
const METADATA_CARRIERS = new Set<SourceInfo['protocol']>([
  'whep',
  'ws-mp4',
  'll-hls',
  'hls',
  'll-dash',
  'dash',
  'mp4',
]);

/** Details of a track the ingest learns over time; only differences that matter to a player notify. */
export type TrackUpdate = Partial<Pick<TrackInfo, 'width' | 'height' | 'fps' | 'bitrate'>>;

/**
 * One named stream and its lifecycle: offline → starting (publish accepted) → live (first media)
 * → ended (publish stopped), and starting again on the next publish. Protocol-neutral: it knows
 * tracks and viewers, not peer connections.
 */
export class Stream {
  readonly events: Emitter<StreamEvents>;
  /** The stream's metadata tracks and events; cleared when a new publish restarts the timeline. */
  readonly metadata: MetadataStore;
  private _state: StreamState = 'offline';
  private _tracks: TrackInfo[] = [];
  private _startUnixMs = 0;
  private _viewers = 0;
  private _publisherId: string | undefined;
  private _endReason: EndReason | undefined;
  private _error: { code: string; message: string } | undefined;
  private notifyTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    private readonly sources: SourceBuilder,
    onListenerError?: (error: unknown) => void,
    private readonly detailThrottleMs = 500,
    private readonly timelineOf?: TimelineSource,
    clockOf?: StreamClockSource,
  ) {
    this.events = new Emitter(onListenerError);
    this.metadata = new MetadataStore({
      stream: name,
      clock: () => {
        if (this._state !== 'live') return undefined;
        const liveEdgeMs = Math.max(0, Date.now() - this._startUnixMs);
        return clockOf?.(this) ?? { liveEdgeMs, firstMs: 0 };
      },
      ...(onListenerError ? { onListenerError } : {}),
    });
    this.metadata.events.on('tracks', () => this.notifyNow());
  }

  get state(): StreamState {
    return this._state;
  }

  /** The media tracks (video, audio); `info()` lists the metadata tracks after them. */
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
    // A new publish is a new timeline: events stamped on the old one mean nothing on it.
    this.metadata.restart();
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

  /** Why the stream cannot play (a pull that fails), shown in its info; undefined clears it. */
  get error(): { code: string; message: string } | undefined {
    return this._error;
  }

  setError(error: { code: string; message: string } | undefined): void {
    if (error?.code === this._error?.code && error?.message === this._error?.message) return;
    this._error = error && { code: error.code, message: error.message };
    this.notifyNow();
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
    const metadataTracks = this.metadataTrackInfo();
    const metadataIds = metadataTracks.map((track) => track.id);
    return {
      name: this.name,
      state: this._state,
      type: 'live',
      tracks: [...this._tracks.map((track) => ({ ...track })), ...metadataTracks],
      sources: live
        ? this.sources(this, baseUrl).map((source) =>
            METADATA_CARRIERS.has(source.protocol)
              ? { ...source, tracks: [...source.tracks, ...metadataIds] }
              : source,
          )
        : [],
      timeline: (live ? this.timelineOf?.(this) : undefined) ?? {
        startUnixMs: this._startUnixMs,
        firstMs: 0,
        lastMs: live || this._state === 'starting' ? Math.max(0, now - this._startUnixMs) : 0,
        dvrWindowMs: 0,
      },
      ...(this._error ? { error: { ...this._error } } : {}),
    };
  }

  summary(): StreamSummary {
    return {
      name: this.name,
      state: this._state,
      tracks: [...this._tracks.map((track) => ({ ...track })), ...this.metadataTrackInfo()],
      viewers: this._viewers,
      ...(this._state === 'live' || this._state === 'starting' ? { since: this._startUnixMs } : {}),
    };
  }

  dispose(): void {
    clearTimeout(this.notifyTimer);
    this.notifyTimer = undefined;
    this.metadata.dispose();
    this.events.removeAll();
  }

  /** Metadata tracks as `TrackInfo`, numbered after the media tracks. */
  private metadataTrackInfo(): TrackInfo[] {
    const firstId = this._tracks.length;
    return this.metadata.tracks().map((track, i) => ({
      id: firstId + i,
      kind: track.kind === 'subtitle' ? 'subtitle' : 'meta',
      codec: track.kind === 'subtitle' ? 'webvtt' : 'json',
      name: track.name,
      ...(track.lang === undefined ? {} : { lang: track.lang }),
      ...(track.label === undefined ? {} : { label: track.label }),
    }));
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
