import type { MetadataTrack, SourceProtocol, StreamInfo } from '@brume/protocol';
import type { EngineTracks } from './engines/types';
import type { FrameInfo } from './frame-clock';
import type { PlayerError } from './player-error';
import type { PlayerState } from './player-state';
import type { PlayerStats } from './player-stats';
import type { QoEReport } from './qoe';

/**
 * Events of `player.on(...)`. Every one but `frame` is also dispatched on the container element as a
 * DOM `CustomEvent` named `brume:<type>` with the payload as `detail`.
 */
export interface PlayerEvents {
  /** Any change of `getState()`. */
  statechange: { state: PlayerState; previous: PlayerState };
  /** The first frame of an attempt is on screen. */
  ready: { engine: string; protocol: SourceProtocol; timeToFirstFrameMs: number };
  /** An engine was chosen for an attempt (first choice, fallback, `nextCombo()`). */
  engine: {
    engine: string;
    protocol: SourceProtocol;
    url: string;
    reason: 'start' | 'fallback' | 'user' | 'retry';
  };
  play: Record<string, never>;
  pause: Record<string, never>;
  /** Playback is waiting for data (spinner). */
  waiting: Record<string, never>;
  /** Playback resumed after `waiting` (or started). */
  playing: Record<string, never>;
  /** The media played to its end (VoD, or an ended live playlist). */
  ended: Record<string, never>;
  /** A new stream info document arrived. */
  info: { info: StreamInfo };
  /**
   * Something failed. `fatal: false` means the player is handling it (falling back, retrying);
   * `fatal: true` means it moved to `error` and waits for the stream to go live again (or `retry()`).
   */
  error: { error: PlayerError; fatal: boolean };
  /** Renditions or tracks changed (listed, selected, or ABR switched). */
  tracks: { tracks: EngineTracks };
  /** `player.metadata.tracks` changed (the stream info listed tracks, or an event used a new one). */
  metadatatracks: { tracks: readonly MetadataTrack[] };
  /** Distance to the live edge, once a second while live; `targetS` is what catch-up aims at. */
  latency: { latencyS: number | undefined; targetS: number | undefined; playbackRate: number };
  /** A frame was rendered; `latencyMs` is set when the latency meter read a timecode off it. */
  frame: FrameInfo & { latencyMs: number | undefined; streamMs: number | undefined };
  /** Stats after each poll (every second while playing). */
  stats: { stats: PlayerStats };
  /** Quality of experience: every 10 s while playing, and a final report on dispose. */
  qoe: { report: QoEReport };
}
