import { ErrorCodes } from '@brume/protocol';
import { BrumeError } from '../util/brume-error';

/** Why a clip request cannot be served; `http/errors.ts` maps each code to its status. */
export class ClipError extends BrumeError {
  override name = 'ClipError';

  /** 400: a time that does not parse, a missing `start`, or an end not after the start. */
  static invalidRange(reason: string): ClipError {
    return new ClipError(ErrorCodes.clipInvalidRange, `invalid clip range: ${reason}`);
  }

  /** 422: the range is not inside what the stream holds. */
  static outOfWindow(reason: string, window: { firstMs: number; lastMs: number }): ClipError {
    return new ClipError(
      ErrorCodes.clipOutOfWindow,
      `${reason}; the DVR window holds stream ms ${window.firstMs}..${window.lastMs}`,
    );
  }

  /** 413: longer than the server allows in one clip. */
  static tooLong(lengthMs: number, maxMs: number): ClipError {
    return new ClipError(
      ErrorCodes.clipTooLong,
      `a clip of ${Math.round(lengthMs)} ms is longer than the ${maxMs} ms this server allows; ask for less`,
    );
  }
}
