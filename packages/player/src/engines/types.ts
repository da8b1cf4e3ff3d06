import type { MetadataEvent, SourceInfo, StreamInfo } from '@brume/protocol';
import type { PlayerError } from '../player-error';

/** What the browser can do, probed once (cheaply) so loaders can answer `canPlay` without side effects. */
export interface EngineEnv {
  webrtc: boolean;
  mediaSource: boolean;
  webSocket: boolean;
  /** `HTMLMediaElement.canPlayType` of a fresh video element; '' when there is no DOM. */
  canPlayType(mime: string): '' | 'maybe' | 'probably';
  /** `MediaSource.isTypeSupported` (or `ManagedMediaSource`); false without MSE. */
  isTypeSupported(mime: string): boolean;
  /** Lower-case mime types from `RTCRtpReceiver.getCapabilities(kind)` (`video/h264`, `audio/opus`). */
  webrtcCodecs(kind: 'audio' | 'video'): string[];
}

/** A loader's answer: how well it would play a source (higher is better), or why it cannot. */
export type CanPlay = { ok: true; score: number } | { ok: false; reason: string };

/**
 * How close to the live edge the caller wants to be. Engines with their own live sync (hls.js,
 * dash.js, shaka) set their targets from it; the core's latency controller uses it for the others.
 */
export type LatencyMode = 'lowest' | 'balanced' | 'compatible';

/** Everything an engine gets from the player core for one playback attempt. */
export interface EngineContext {
  video: HTMLVideoElement;
  source: SourceInfo;
  /** The stream's info; for plain URL sources a synthetic one (no tracks, state `live`, type guessed). */
  info: StreamInfo;
  token?: string;
  latency: LatencyMode;
  /** Media time (s) to start at (VoD resume, DVR position after a fallback); live edge when absent. */
  startTime?: number;
}

/** Transport-level counters an engine can report (from `RTCPeerConnection.getStats()` for WHEP). */
export interface TransportStats {
  /** Inbound video bits per second over the last poll interval (or the current rendition's bitrate). */
  bitrate?: number;
  /** e.g. `video/H264`. */
  videoCodec?: string;
  audioCodec?: string;
  packetsLost: number;
  /** Inbound video RTP jitter in milliseconds. */
  jitterMs?: number;
  /** WebRTC round-trip time of the selected candidate pair, in milliseconds. */
  rttMs?: number;
  framesDecoded?: number;
  framesDropped?: number;
  /** Seconds of media buffered ahead of the playhead (segment and MSE engines). */
  bufferSeconds?: number;
}

/** One video rendition (ABR level) an engine can switch to. */
export interface QualityLevel {
  /** Engine-specific, stable for the attempt. */
  id: string;
  width?: number;
  height?: number;
  /** Bits per second as the manifest declares it. */
  bitrate?: number;
  codec?: string;
  /** e.g. `720p · 2.5 Mbps`. */
  label: string;
}

export interface MediaTrackOption {
  id: string;
  label: string;
  language?: string;
}

/** The renditions and tracks of the current attempt, and which are selected. */
export interface EngineTracks {
  qualities: QualityLevel[];
  /** The id chosen by the user, or `auto` while the engine's ABR decides. */
  quality: string;
  /** The rendition on screen right now (ABR's current pick), when known. */
  activeQuality?: string;
  audio: MediaTrackOption[];
  audioId?: string;
  text: MediaTrackOption[];
  /** The subtitle track shown, `undefined` when subtitles are off. */
  textId?: string;
}

export const NO_TRACKS: EngineTracks = Object.freeze({
  qualities: [],
  quality: 'auto',
  audio: [],
  text: [],
}) as EngineTracks;

/**
 * What an engine tells the core. Engines only notify; the core alone decides player state.
 * - `playing`: media is flowing (again); clears a stall.
 * - `stalled`: media stopped arriving but the connection may recover by itself.
 * - `ended`: the connection is gone (closed by the server, failed, tracks ended).
 * - `complete`: the media reached its end normally (VoD, or a live stream whose playlist ended).
 * - `error`: something failed that the engine cannot recover from.
 * - `tracks`: `getTracks()` changed (renditions listed, ABR switched, a track was selected).
 * - `metadata`: timed metadata or subtitle events, on the stream timeline, as soon as the engine
 *   has them (parse time, ahead of playback: the core fires them on the displayed frame). Any order,
 *   repeats allowed (the core drops events it already has: same `id`, else same track, time, data).
 */
export interface EngineEvents {
  playing: Record<string, never>;
  stalled: { reason: string };
  ended: { reason: string };
  complete: Record<string, never>;
  error: { error: PlayerError };
  tracks: Record<string, never>;
  metadata: { events: MetadataEvent[] };
}

/** Media-time range (s) of the video element. */
export interface TimeRange {
  start: number;
  end: number;
}

/** One playback attempt of one source. Created by the core, disposed by the core. */
export interface Engine {
  readonly name: string;
  /**
   * Who keeps a live stream near its edge: `engine` (the library has its own live sync: hls.js,
   * dash.js, shaka), `core` (the player's latency controller adjusts the playback rate: MSE over
   * WebSocket, native, VHS) or `none` (WebRTC: no buffer to catch up).
   */
  readonly liveSync: 'engine' | 'core' | 'none';
  /** Connects and attaches media to the video element; rejects when the attempt failed. */
  start(): Promise<void>;
  on<K extends keyof EngineEvents>(type: K, listener: (payload: EngineEvents[K]) => void): () => void;
  getTransportStats(): Promise<TransportStats | undefined>;
  /** Whether an audio track is attached and live. */
  hasLiveAudio(): boolean;
  /** Maps a video `mediaTime` (s, from requestVideoFrameCallback) to the stream timeline (ms). */
  mediaTimeToStreamMs(mediaTime: number): number | undefined;
  /**
   * The inverse (stream ms → media time, s), for metadata TextTrack cues. Optional: without it the
   * core inverts `mediaTimeToStreamMs` around the last displayed frame.
   */
  streamMsToMediaTime?(streamMs: number): number | undefined;
  /** Whether the content is live (as far as the engine knows: manifest type, infinite duration). */
  isLive(): boolean;
  /** Seconds from the displayed frame to the live edge; `undefined` for VoD or when unknown. */
  getLiveLatency(): number | undefined;
  /** The seekable range in media time (DVR window, or the whole VoD); `undefined` when not seekable. */
  getSeekRange(): TimeRange | undefined;
  /** Seeks to a media time inside `getSeekRange()`. */
  seek(time: number): void;
  /** Jumps to the live edge (minus the engine's target latency). */
  goLive(): void;
  getTracks(): EngineTracks;
  /** A quality id from `getTracks().qualities`, or `auto` for ABR. */
  setQuality(id: string): void;
  setAudioTrack(id: string): void;
  /** A subtitle track id, or `undefined` to turn subtitles off. */
  setTextTrack(id: string | undefined): void;
  /**
   * Tears the attempt down (ends the server session, detaches media). Safe to call twice.
   * `sessionGone`: the server already ended the session (the stream stopped), so do not tell it again.
   * A library that lets go of the element asynchronously (shaka's `destroy()`) returns a promise:
   * the core starts the next engine on the element only once it settles (or after a second).
   */
  dispose(options?: { sessionGone?: boolean }): void | Promise<void>;
}

export interface EngineModule {
  createEngine(context: EngineContext): Engine;
}

/**
 * The eager half of an engine: tiny, imported up front. `load()` imports the engine itself, so a page
 * never downloads an engine it does not use.
 */
export interface EngineLoader {
  readonly name: string;
  /** `info` lists the stream's tracks (codecs), so MSE engines can ask `isTypeSupported`. */
  canPlay(source: SourceInfo, env: EngineEnv, info?: StreamInfo): CanPlay;
  load(): Promise<EngineModule>;
}
