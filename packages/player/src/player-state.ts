import type { StreamInfo } from '@brume/protocol';
import type { PlayerErrorCode } from './player-error';

/**
 * - `idle`: not started, or disposed.
 * - `waiting`: the stream is not live (yet); the player follows its info and starts by itself.
 * - `connecting`: the stream is live and an engine is connecting; ends at the first rendered frame.
 * - `live`: frames are on screen.
 * - `reconnecting`: playback broke while the stream is still live; retrying with backoff.
 * - `ended`: the publisher stopped; the player starts again when the stream goes live again.
 * - `error`: cannot play (see `error`); recovers when the stream info says live again.
 */
export type PlayerStatus = 'idle' | 'waiting' | 'connecting' | 'live' | 'reconnecting' | 'ended' | 'error';

/** A snapshot of the player. Immutable: every change makes a new object. */
export interface PlayerState {
  status: PlayerStatus;
  stream: string;
  info: StreamInfo | undefined;
  /** Name of the engine playing or connecting (`whep`). */
  engine: string | undefined;
  /** URL of the source being played. */
  sourceUrl: string | undefined;
  /** Why playback is in `error` (or why it is `reconnecting`). */
  error: { code: PlayerErrorCode; message: string } | undefined;
  /** As the video element reports it (committed on `volumechange`). */
  muted: boolean;
  /** As the video element reports it (committed on `play` / `pause`). */
  paused: boolean;
}
