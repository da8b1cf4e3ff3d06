import type { StreamInfo } from '@brume/protocol';
import type { FrameInfo } from './frame-clock';
import type { PlayerError } from './player-error';
import type { PlayerState } from './player-state';
import type { PlayerStats } from './player-stats';

/** Events of `player.on(...)`. */
export interface PlayerEvents {
  /** Any change of `getState()`. */
  statechange: { state: PlayerState; previous: PlayerState };
  /** A new stream info document arrived. */
  info: { info: StreamInfo };
  /**
   * Something failed. `fatal: false` means the player is handling it (retrying); `fatal: true` means
   * it moved to `error` and waits for the stream to go live again (or `retry()`).
   */
  error: { error: PlayerError; fatal: boolean };
  /** A frame was rendered; `latencyMs` is set when the latency meter read a timecode off it. */
  frame: FrameInfo & { latencyMs: number | undefined; streamMs: number | undefined };
  /** Stats after each poll (every second while live). */
  stats: { stats: PlayerStats };
}
