import { WhipError } from '@brume/whip';

/** Why something in the studio failed. Callers switch on `code`, never on the message. */
export type StudioErrorCode =
  | 'studio/unsupported'
  | 'studio/permission-denied'
  | 'studio/device-not-found'
  | 'studio/device-busy'
  | 'studio/capture-failed'
  | 'studio/invalid-stream-name'
  | 'studio/already-publishing'
  | 'studio/stream-busy'
  | 'studio/unauthorized'
  | 'studio/publish-rejected'
  | 'studio/connection-failed'
  | 'studio/reconnect-failed'
  | 'studio/stopped'
  | 'studio/listener-failed'
  | 'studio/unknown-id'
  | 'studio/invalid-edit'
  | 'studio/invalid-scene-file'
  | 'studio/storage-failed'
  | 'studio/file-not-found';

/**
 * A studio failure with a stable `code`, a message that tells the user what to do, and the
 * underlying `cause` (a DOMException from getUserMedia, a WhipError from the server...).
 */
export class StudioError extends Error {
  override readonly name = 'StudioError';

  constructor(
    readonly code: StudioErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }

  static unsupported(what: string): StudioError {
    return new StudioError(
      'studio/unsupported',
      `This browser cannot ${what}. Use a current Chrome, Edge, Firefox or Safari over https or localhost.`,
    );
  }

  /** Maps a getUserMedia rejection (a DOMException by name) to a typed error. */
  static fromCapture(error: unknown): StudioError {
    if (error instanceof StudioError) return error;
    const name = error instanceof Error ? error.name : '';
    switch (name) {
      case 'NotAllowedError':
      case 'SecurityError':
        return new StudioError(
          'studio/permission-denied',
          'Camera or microphone access was denied. Allow it in the browser’s site settings and try again.',
          { cause: error },
        );
      case 'NotFoundError':
      case 'OverconstrainedError':
        return new StudioError(
          'studio/device-not-found',
          'The selected camera or microphone is not available. Pick another device.',
          { cause: error },
        );
      case 'NotReadableError':
      case 'AbortError':
        return new StudioError(
          'studio/device-busy',
          'The camera or microphone is in use by another application. Close it and try again.',
          { cause: error },
        );
      default:
        return new StudioError(
          'studio/capture-failed',
          `Could not start the camera or microphone${error instanceof Error ? `: ${error.message}` : '.'}`,
          { cause: error },
        );
    }
  }

  static invalidStreamName(name: string): StudioError {
    return new StudioError(
      'studio/invalid-stream-name',
      `"${name}" is not a valid stream name: use 1–64 letters, digits, "_" or "-" (optionally base+suffix).`,
    );
  }

  static alreadyPublishing(): StudioError {
    return new StudioError('studio/already-publishing', 'Already publishing: stop the stream first.');
  }

  static stopped(): StudioError {
    return new StudioError('studio/stopped', 'Publishing was stopped before the stream went live.');
  }

  static connectionFailed(reason: string, cause?: unknown): StudioError {
    return new StudioError('studio/connection-failed', `Could not connect to the server: ${reason}`, {
      cause,
    });
  }

  static reconnectFailed(attempts: number, cause?: unknown): StudioError {
    const why = cause instanceof Error ? ` Last error: ${cause.message}` : '';
    return new StudioError(
      'studio/reconnect-failed',
      `Lost the connection and could not restore it after ${attempts} attempts.${why}`,
      { cause },
    );
  }

  static listenerFailed(event: string, cause: unknown): StudioError {
    return new StudioError('studio/listener-failed', `A "${event}" listener threw.`, { cause });
  }

  /** Maps a WHIP exchange failure to what it means for a publisher of `stream`. */
  static fromWhip(error: WhipError, stream: string): StudioError {
    switch (error.code) {
      case 'whip/conflict':
        return new StudioError(
          'studio/stream-busy',
          `Stream "${stream}" already has a live publisher. Stop it or choose another name.`,
          { cause: error },
        );
      case 'whip/unauthorized':
        return new StudioError(
          'studio/unauthorized',
          'The server refused the stream key (unauthorized). Check the token.',
          { cause: error },
        );
      case 'whip/rejected':
      case 'whip/not-found':
        return new StudioError('studio/publish-rejected', `The server refused the stream: ${error.message}`, {
          cause: error,
        });
      default:
        return StudioError.connectionFailed(error.message, error);
    }
  }

  /** Wraps anything thrown while publishing into a StudioError. */
  static fromPublish(error: unknown, stream: string): StudioError {
    if (error instanceof StudioError) return error;
    if (error instanceof WhipError) return StudioError.fromWhip(error, stream);
    return StudioError.connectionFailed(error instanceof Error ? error.message : String(error), error);
  }
}
