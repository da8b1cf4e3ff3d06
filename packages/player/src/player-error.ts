/** Why the player could not play. Callers switch on `code`, never on the message. */
export type PlayerErrorCode =
  | 'player/invalid-stream-name'
  | 'player/no-compatible-source'
  | 'player/engine-load-failed'
  | 'player/engine-failed'
  | 'player/connection-lost'
  | 'player/stalled'
  | 'player/stalled-playback'
  | 'player/start-timeout'
  | 'player/no-source'
  | 'player/stream-not-live'
  | 'player/unauthorized'
  | 'player/server-unreachable'
  | 'player/autoplay-blocked'
  | 'player/listener-threw'
  | 'player/cast-failed';

/** A player failure with a stable code, a message that says what to do, and its cause. */
export class PlayerError extends Error {
  override readonly name = 'PlayerError';

  constructor(
    readonly code: PlayerErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }

  /** The plain `{code, message}` that goes into player state (state stays serialisable). */
  toJSON(): { code: PlayerErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }

  static invalidStreamName(name: string): PlayerError {
    return new PlayerError(
      'player/invalid-stream-name',
      `"${name}" is not a valid stream name (use 1–64 letters, digits, "_" or "-", optionally "base+suffix").`,
    );
  }

  static noCompatibleSource(reasons: string[]): PlayerError {
    const why = reasons.length ? ` (${reasons.join('; ')})` : '';
    return new PlayerError(
      'player/no-compatible-source',
      `This browser cannot play any source the stream offers${why}. Try another browser.`,
    );
  }

  static engineLoadFailed(engine: string, cause: unknown): PlayerError {
    return new PlayerError(
      'player/engine-load-failed',
      `Could not load the ${engine} playback engine; check the network and reload.`,
      { cause },
    );
  }

  static connectionLost(reason: string): PlayerError {
    return new PlayerError('player/connection-lost', `The media connection was lost (${reason}).`);
  }

  static stalled(afterMs: number): PlayerError {
    return new PlayerError('player/stalled', `No media arrived for ${Math.round(afterMs / 1000)} s.`);
  }

  static startTimeout(engine: string, afterMs: number): PlayerError {
    return new PlayerError(
      'player/start-timeout',
      `The ${engine} engine showed no picture within ${Math.round(afterMs / 1000)} s.`,
    );
  }

  static serverUnreachable(server: string, cause?: unknown): PlayerError {
    return new PlayerError(
      'player/server-unreachable',
      `Cannot reach the stream server at ${server}; retrying.`,
      { cause },
    );
  }

  static autoplayBlocked(cause: unknown): PlayerError {
    return new PlayerError(
      'player/autoplay-blocked',
      'The browser blocked playback with sound; press play or start muted.',
      { cause },
    );
  }

  /** Wraps anything an engine threw, keeping a `PlayerError` as it is. */
  static from(error: unknown, engine: string): PlayerError {
    if (error instanceof PlayerError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new PlayerError('player/engine-failed', `The ${engine} engine failed: ${message}`, {
      cause: error,
    });
  }
}
