import { ErrorCodes, type ErrorCode } from '@brume/protocol';

/**
 * An error with a stable code from `@brume/protocol`. Core code throws these; the HTTP layer maps
 * the code to a status in one place (`http/errors.ts`).
 */
export class BrumeError extends Error {
  override name = 'BrumeError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static streamBusy(name: string): BrumeError {
    return new BrumeError(
      ErrorCodes.streamBusy,
      `stream ${name} already has a live publisher; stop it first or publish under another name`,
    );
  }

  static streamOffline(name: string): BrumeError {
    return new BrumeError(ErrorCodes.streamNotFound, `stream ${name} is offline`);
  }

  static sessionNotFound(path: string): BrumeError {
    return new BrumeError(ErrorCodes.sessionNotFound, `no session at ${path}; it ended or never existed`);
  }

  static preconditionFailed(etag: string): BrumeError {
    return new BrumeError(
      ErrorCodes.preconditionFailed,
      `If-Match does not match the session's current ETag ${etag}`,
    );
  }
}
