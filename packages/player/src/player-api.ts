import type { SourceProtocol } from '@brume/protocol';
import type { CastOptions } from './cast/cast-api';
import type { EngineTracks, LatencyMode } from './engines/types';
import type { MetadataCallback, PlayerMetadata } from './metadata/metadata-api';
import type { PlayerEvents } from './player-events';
import type { PlayerState } from './player-state';
import type { PlayerStats } from './player-stats';
import type { QoEReport } from './qoe';

/** A URL to play directly (any server): `type` is a mime type or a protocol; sniffed when absent. */
export interface SourceInput {
  url: string;
  type?: string;
}

/** Moves matching combinations up (positive `boost`) or down (negative) in the ranking. */
export interface PriorityRule {
  engine?: string;
  protocol?: SourceProtocol;
  boost: number;
}

export interface PlayerOptions {
  /** A Brume stream name: the player reads its info from the server and follows it. */
  stream?: string;
  /** Origin of the Brume server (`http://host:8080`); defaults to the page's origin. Alias: `server`. */
  host?: string;
  server?: string;
  /** Plain URLs to play instead of (or without) a Brume stream: HLS, DASH, MP4, WHEP endpoints. */
  sources?: SourceInput[];
  /**
   * A viewer token (`npx brume token <stream>`, or your backend): added as `?token=` to the stream
   * info request and every source URL the player opens (WHEP, WebSocket, HLS/DASH, MP4), and sent
   * as a Bearer token on WHEP requests. A refused token ends in status `error`, `player/unauthorized`.
   */
  token?: string;
  /** How close to live to play (default `lowest`). */
  latency?: LatencyMode;
  /** Only use this engine (`whep`, `mse-ws`, `hlsjs`, `dashjs`, `shaka`, `vhs`, `native`). */
  forceEngine?: string;
  /** Only use the source with this URL (or whose URL contains it). */
  forceSource?: string;
  forceProtocol?: SourceProtocol;
  priority?: PriorityRule[];
  /** Read the test-pattern timecode off each frame to measure latency (default true). */
  latencyMeter?: boolean;
  /** Start playback as soon as media is attached (default true), climbing the autoplay ladder. */
  autoPlay?: boolean;
  /** Start muted (skips the unmuted rung of the autoplay ladder). */
  muted?: boolean;
  /** An attempt that shows no frame within this long fails over to the next combination (default 8000). */
  startTimeoutMs?: number;
  onQoE?: (report: QoEReport) => void;
  /**
   * Metadata callbacks by track name (`'*'`: every track), subscribed when the player is created:
   * the same as `player.metadata.subscribe(track, callback)` for each entry.
   */
  onMetadata?: Record<string, MetadataCallback>;
  /**
   * Casting (default on): Chromecast through Google's Cast sender SDK, loaded only in Chromium, or
   * the browser's Remote Playback (AirPlay). `false`: nothing is loaded and no cast button shows.
   */
  cast?: false | CastOptions;
}

/** The player. Read it with `getState()`/`subscribe()`; steer it with the methods. */
export interface Player {
  readonly stream: string | undefined;
  readonly server: string;
  /** The element the player was created in (DOM events are dispatched here). */
  readonly container: HTMLElement;
  /** The media element frames are rendered into. */
  readonly video: HTMLVideoElement;
  /** Timed metadata and subtitle events, delivered on the displayed frame. */
  readonly metadata: PlayerMetadata;
  getState(): Readonly<PlayerState>;
  /** Called after every state change; returns the unsubscribe function (fits `useSyncExternalStore`). */
  subscribe(listener: () => void): () => void;
  on<K extends keyof PlayerEvents>(type: K, listener: (payload: PlayerEvents[K]) => void): () => void;
  getStats(): PlayerStats;
  play(): Promise<void>;
  pause(): void;
  setMuted(muted: boolean): void;
  /** 0–1. */
  setVolume(volume: number): void;
  /** Seeks to a media time (s) inside `getState().seekable`. */
  seek(time: number): void;
  /** Jumps to the live edge (minus the latency target). */
  goLive(): void;
  setPlaybackRate(rate: number): void;
  getTracks(): EngineTracks;
  /** A quality id from `getTracks().qualities`, or `auto`. */
  setQuality(id: string): void;
  setAudioTrack(id: string): void;
  setTextTrack(id: string | undefined): void;
  /** Abandons the current combination for the next one in the ranking (marks it failed). */
  nextCombo(): void;
  /** Tries again now, forgetting earlier failures (e.g. from an error screen's button). */
  retry(): void;
  /** Opens the browser's cast device picker (call it from a click); see `getState().cast`. */
  startCast(): Promise<void>;
  /** Ends the cast session; local playback resumes where the receiver was (live: at the edge). */
  stopCast(): void;
  /** Ends the media session (WHEP DELETE), closes the info feed, releases every timer and listener. */
  dispose(): void;
}
