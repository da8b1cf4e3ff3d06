import { ErrorCodes } from '@brume/protocol';
import { BrumeError } from '../util/brume-error';

/** How long a client refused for capacity waits before it asks again. */
const CAPACITY_RETRY_MS = 5_000;
/** Draining takes seconds; a client retrying later reaches the restarted (or another) server. */
const SHUTDOWN_RETRY_MS = 10_000;

/**
 * A request refused because a configured limit is reached or the server is draining: 503 with
 * `Retry-After` (`http/errors.ts`). Rate limits of metadata events are `MetadataError.rateLimited`.
 */
export class LimitError extends BrumeError {
  override name = 'LimitError';

  private constructor(
    code: BrumeError['code'],
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(code, message);
  }

  static publishers(limit: number): LimitError {
    return LimitError.capacity(`the server has its limit of ${limit} publishers; try again later`);
  }

  static viewersPerStream(stream: string, limit: number): LimitError {
    return LimitError.capacity(`stream ${stream} has its limit of ${limit} viewers; try again later`);
  }

  static viewersTotal(limit: number): LimitError {
    return LimitError.capacity(`the server has its limit of ${limit} viewers; try again later`);
  }

  static blockingPlaylists(limit: number): LimitError {
    return LimitError.capacity(
      `${limit} playlist requests are already waiting for media; reload without _HLS_msn or retry later`,
    );
  }

  static shuttingDown(): LimitError {
    return new LimitError(
      ErrorCodes.shuttingDown,
      'the server is shutting down; retry in a moment',
      SHUTDOWN_RETRY_MS,
    );
  }

  private static capacity(message: string): LimitError {
    return new LimitError(ErrorCodes.overCapacity, message, CAPACITY_RETRY_MS);
  }
}
