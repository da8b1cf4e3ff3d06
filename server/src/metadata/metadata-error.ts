import { ErrorCodes, MAX_METADATA_EVENT_BYTES } from '@brume/protocol';
import { BrumeError } from '../util/brume-error';

/** Where in a body, message or line an error is: its line (1-based) and, inside an array, the item (0-based). */
export interface MetadataPosition {
  line: number;
  index?: number;
}

function where(position: MetadataPosition | undefined): string {
  if (!position) return '';
  return position.index === undefined
    ? `line ${position.line}: `
    : `line ${position.line}, item ${position.index}: `;
}

/**
 * A refused metadata request. Every way in (HTTP, WebSocket, TCP, CLI) reports the same code and
 * message; `position` says which line (and array item) of the input was wrong, `retryAfterMs` how
 * long a rate-limited client waits.
 */
export class MetadataError extends BrumeError {
  override name = 'MetadataError';

  private constructor(
    code: BrumeError['code'],
    message: string,
    readonly position?: MetadataPosition,
    readonly retryAfterMs?: number,
  ) {
    super(code, message);
  }

  static invalid(reason: string, position?: MetadataPosition): MetadataError {
    return new MetadataError(ErrorCodes.invalidMetadata, `${where(position)}${reason}`, position);
  }

  static tooLarge(bytes: number, position?: MetadataPosition): MetadataError {
    return new MetadataError(
      ErrorCodes.metadataTooLarge,
      `${where(position)}event is ${bytes} bytes of JSON; the limit is ${MAX_METADATA_EVENT_BYTES} (64 KiB): send large data by reference (a URL)`,
      position,
    );
  }

  static lineTooLong(line: number): MetadataError {
    return new MetadataError(
      ErrorCodes.metadataTooLarge,
      `line ${line} is longer than ${MAX_METADATA_EVENT_BYTES} bytes (64 KiB); it was discarded`,
      { line },
    );
  }

  static timeOutOfRange(
    time: number,
    window: { firstMs: number; lastMs: number },
    position?: MetadataPosition,
  ): MetadataError {
    return new MetadataError(
      ErrorCodes.metadataTimeOutOfRange,
      `${where(position)}time ${time} is outside the stream's window [${Math.floor(window.firstMs)}, ${Math.ceil(window.lastMs)}] ms; omit "time" to stamp the live edge`,
      position,
    );
  }

  static streamNotFound(name: string): MetadataError {
    return new MetadataError(
      ErrorCodes.streamNotFound,
      `stream ${name} does not exist; publish it (WHIP POST /whip/${name}) before sending metadata`,
    );
  }

  static streamNotLive(name: string, state: string): MetadataError {
    return new MetadataError(
      ErrorCodes.streamNotLive,
      `stream ${name} is ${state}; metadata is accepted only while it is live (its timeline runs)`,
    );
  }

  static invalidStreamName(name: string): MetadataError {
    return new MetadataError(
      ErrorCodes.invalidStreamName,
      `invalid stream name "${name.slice(0, 80)}": use 1-64 of A-Z a-z 0-9 _ -, optionally base+suffix`,
    );
  }

  static invalidTrackName(name: string): MetadataError {
    return new MetadataError(
      ErrorCodes.invalidTrackName,
      `invalid track name "${name.slice(0, 80)}": use 1-64 of A-Z a-z 0-9 _ -`,
    );
  }

  static trackConflict(name: string, kind: string, wanted: string): MetadataError {
    return new MetadataError(
      ErrorCodes.trackConflict,
      `track ${name} is a ${kind} track and holds events; it cannot become ${wanted}: use another track name`,
    );
  }

  static trackNotFound(stream: string, track: string): MetadataError {
    return new MetadataError(
      ErrorCodes.trackNotFound,
      `stream ${stream} has no metadata track ${track}; declare it (PUT) or send an event to it`,
    );
  }

  static rateLimited(retryAfterMs: number, ratePerSecond: number, burst: number): MetadataError {
    return new MetadataError(
      ErrorCodes.rateLimited,
      `too many events on this connection (limit ${ratePerSecond}/s, bursts of ${burst}); nothing was stored, retry in ${Math.ceil(retryAfterMs)} ms`,
      undefined,
      retryAfterMs,
    );
  }
}
