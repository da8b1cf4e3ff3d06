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
  | 'studio/file-not-found'
  | 'studio/source-unavailable'
  | 'studio/unsupported-media'
  | 'studio/invalid-source'
  | 'studio/audio-failed'
  | 'studio/monitor-device-failed'
  | 'studio/recording-failed'
  | 'studio/compositor-failed'
  | 'studio/invalid-output'
  | 'studio/metadata-rejected';

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

  /** The mixer's audio graph could not be built (AudioContext or its worklet module failed). */
  static audioFailed(what: string, cause?: unknown): StudioError {
    const why = cause instanceof Error ? `: ${cause.message}` : '.';
    return new StudioError(
      'studio/audio-failed',
      `Could not ${what}${why} Reload the page; if it persists, use a current Chrome, Edge, Firefox or Safari.`,
      { cause },
    );
  }

  /** `setSinkId` refused the chosen monitor output. */
  static monitorDeviceFailed(cause: unknown): StudioError {
    const denied = cause instanceof Error && cause.name === 'NotAllowedError';
    return new StudioError(
      'studio/monitor-device-failed',
      denied
        ? 'The browser did not allow playing to that output device. Allow speaker selection for this site, or pick the default output.'
        : 'The chosen monitor output is not available (unplugged?). Pick another output device.',
      { cause },
    );
  }

  /** A local recording could not start or stopped with an error; what was recorded may be lost. */
  static recordingFailed(reason: string, cause?: unknown): StudioError {
    return new StudioError('studio/recording-failed', `Recording failed: ${reason}`, { cause });
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
          `The server refused the stream key (${error.status ?? 'unauthorized'}). Check the stream key and try again.`,
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

  /** Maps a getDisplayMedia rejection: the user cancelling the picker is the usual "denied". */
  static fromDisplayCapture(error: unknown): StudioError {
    if (error instanceof StudioError) return error;
    const name = error instanceof Error ? error.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError')
      return new StudioError(
        'studio/permission-denied',
        'Screen sharing was cancelled or is not allowed. Choose a screen, window or tab to share, or allow screen capture in the browser’s settings.',
        { cause: error },
      );
    if (name === 'NotReadableError' || name === 'AbortError')
      return new StudioError(
        'studio/device-busy',
        'The screen could not be captured (the system refused it). Close other capture apps and try again.',
        { cause: error },
      );
    return StudioError.fromCapture(error);
  }

  /** A file or URL (image, video, guest) that could not be fetched: missing, offline or refused. */
  static sourceUnavailable(what: string, cause?: unknown): StudioError {
    return new StudioError(
      'studio/source-unavailable',
      `Could not load ${what}. Check the address (and that its server allows this site), or pick the file again.`,
      { cause },
    );
  }

  /** Fetched, but not a picture or video this browser can decode. */
  static unsupportedMedia(what: string, cause?: unknown): StudioError {
    return new StudioError(
      'studio/unsupported-media',
      `Could not decode ${what}. Use a PNG, JPEG, WebP or GIF image, or an MP4 (H.264/AAC) or WebM video.`,
      { cause },
    );
  }

  /** A source asked to become another kind: the caller must open a new source instead. */
  static invalidSource(message: string): StudioError {
    return new StudioError('studio/invalid-source', message);
  }

  /** The compositor worker could not start, or failed while rendering. */
  static compositorFailed(reason: string, cause?: unknown): StudioError {
    return new StudioError(
      'studio/compositor-failed',
      `The video compositor failed: ${reason} Reload the studio; if it persists, try another browser.`,
      { cause },
    );
  }

  static invalidOutput(width: number, height: number, frameRate: number): StudioError {
    return new StudioError(
      'studio/invalid-output',
      `${width}x${height} at ${frameRate} fps is not a valid output: use whole pixels up to 7680x4320 and 1–120 fps (e.g. 1280x720 at 30).`,
    );
  }

  /** Keeps a StudioError as it is; wraps anything else under `code`, saying what failed. */
  static wrap(error: unknown, code: StudioErrorCode, what: string): StudioError {
    if (error instanceof StudioError) return error;
    const detail = error instanceof Error ? error.message : String(error);
    return new StudioError(code, `${what} failed: ${detail}`, { cause: error });
  }
}
