import type { SourceInfo, StreamInfo } from '@brume/protocol';
import type { PlayerError } from '../player-error';

/** What the browser can do, probed once (cheaply) so loaders can answer `canPlay` without side effects. */
export interface EngineEnv {
  webrtc: boolean;
  mediaSource: boolean;
  /** `HTMLMediaElement.canPlayType` of a fresh video element; '' when there is no DOM. */
  canPlayType(mime: string): '' | 'maybe' | 'probably';
}

/** A loader's answer: how well it would play a source (higher is better), or why it cannot. */
export type CanPlay = { ok: true; score: number } | { ok: false; reason: string };

/** Everything an engine gets from the player core for one playback attempt. */
export interface EngineContext {
  video: HTMLVideoElement;
  source: SourceInfo;
  info: StreamInfo;
  token?: string;
}

/** Transport-level counters an engine can report (from `RTCPeerConnection.getStats()` for WHEP). */
export interface TransportStats {
  /** Inbound video bits per second over the last poll interval. */
  bitrate?: number;
  /** e.g. `video/H264`. */
  videoCodec?: string;
  audioCodec?: string;
  packetsLost: number;
  /** Inbound video RTP jitter in milliseconds. */
  jitterMs?: number;
  framesDecoded?: number;
  framesDropped?: number;
}

/**
 * What an engine tells the core. Engines only notify; the core alone decides player state.
 * - `playing`: media is flowing (again); clears a stall.
 * - `stalled`: media stopped arriving but the connection may recover by itself.
 * - `ended`: the connection is gone (closed by the server, failed, tracks ended).
 * - `error`: something failed that the engine cannot recover from.
 */
export interface EngineEvents {
  playing: Record<string, never>;
  stalled: { reason: string };
  ended: { reason: string };
  error: { error: PlayerError };
}

/** One playback attempt of one source. Created by the core, disposed by the core. */
export interface Engine {
  readonly name: string;
  /** Connects and attaches media to the video element; rejects when the attempt failed. */
  start(): Promise<void>;
  on<K extends keyof EngineEvents>(type: K, listener: (payload: EngineEvents[K]) => void): () => void;
  getTransportStats(): Promise<TransportStats | undefined>;
  /** Whether an audio track is attached and live. */
  hasLiveAudio(): boolean;
  /** Maps a video `mediaTime` (s, from requestVideoFrameCallback) to the stream timeline (ms). */
  mediaTimeToStreamMs(mediaTime: number): number | undefined;
  /**
   * Tears the attempt down (ends the server session, detaches media). Safe to call twice.
   * `sessionGone`: the server already ended the session (the stream stopped), so do not tell it again.
   */
  dispose(options?: { sessionGone?: boolean }): void;
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
  canPlay(source: SourceInfo, env: EngineEnv): CanPlay;
  load(): Promise<EngineModule>;
}
