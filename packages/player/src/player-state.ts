import type { SourceProtocol, StreamInfo } from '@brume/protocol';
import type { CastState } from './cast/cast-api';
import type { EngineTracks, TimeRange } from './engines/types';
import type { PlayerErrorCode } from './player-error';

/**
 * - `idle`: not started, or disposed.
 * - `waiting`: the stream is not live (yet); the player follows its info and starts by itself.
 * - `connecting`: an engine is connecting; ends at the first rendered frame.
 * - `playing`: frames are on screen (paused or not: see `paused`; stalled: see `buffering`).
 * - `reconnecting`: playback broke while the stream is still live; retrying or falling back.
 * - `ended`: the publisher stopped, or a VoD / ended playlist played to its end.
 * - `error`: cannot play (see `error`); recovers when the stream info says live again, or `retry()`.
 */
export type PlayerStatus = 'idle' | 'waiting' | 'connecting' | 'playing' | 'reconnecting' | 'ended' | 'error';

/**
 * The autoplay ladder: `unmuted` (played with sound), `muted` (the browser refused sound: the UI shows
 * an "unmute" badge), `blocked` (it refused even muted playback: the UI shows a big play button).
 */
export type AutoplayState = 'pending' | 'unmuted' | 'muted' | 'blocked';

/** One source × engine combination as the player ranked it (for "try another source" menus). */
export interface ComboInfo {
  key: string;
  engine: string;
  protocol: SourceProtocol;
  url: string;
  /** Failed recently in this player (ranked after every other combination). */
  failed: boolean;
  current: boolean;
}

/** A snapshot of the player. Immutable: every change makes a new object. */
export interface PlayerState {
  status: PlayerStatus;
  /** The Brume stream name, `undefined` when playing plain `sources`. */
  stream: string | undefined;
  info: StreamInfo | undefined;
  /** Name of the engine playing or connecting (`whep`, `hlsjs`, ...). */
  engine: string | undefined;
  protocol: SourceProtocol | undefined;
  /** URL of the source being played. */
  sourceUrl: string | undefined;
  /** Why playback is in `error` (or why it is `reconnecting`). */
  error: { code: PlayerErrorCode; message: string } | undefined;
  /** As the video element reports it (committed on `volumechange`). */
  muted: boolean;
  /** 0–1, as the video element reports it. */
  volume: number;
  /** As the video element reports it (committed on `play` / `pause`). */
  paused: boolean;
  /** Playing but waiting for data (show a spinner). */
  buffering: boolean;
  /** Whether the content is live (a VoD or an ended recording is not). */
  live: boolean;
  autoplay: AutoplayState;
  /** Media time of the playhead (s), committed on `timeupdate`. */
  currentTime: number;
  /** Media duration (s): `Infinity` for live. */
  duration: number;
  /** Seekable media-time range (DVR window or the VoD); `undefined` when not seekable (WebRTC). */
  seekable: TimeRange | undefined;
  buffered: TimeRange[];
  /** Seconds behind the live edge (engine's estimate), `undefined` for VoD or unknown. */
  liveLatency: number | undefined;
  /** Near enough to the edge to show "LIVE" rather than "-00:12". */
  atLiveEdge: boolean;
  playbackRate: number;
  tracks: EngineTracks;
  /** Every playable combination, best first. */
  combos: ComboInfo[];
  /**
   * Casting (`undefined` while it is off or impossible here). While a Chromecast plays, `paused`,
   * `currentTime`, `seekable`, `volume`, `muted` and `buffering` are the receiver's.
   */
  cast?: CastState;
}
