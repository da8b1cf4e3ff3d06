/** shaka.util.Error codes and enums this engine decides on (shaka 5's `shaka.util.Error.Code`). */
export const SEVERITY_CRITICAL = 2;
export const BAD_HTTP_STATUS = 1001;
export const LOAD_INTERRUPTED = 7000;
export const OPERATION_ABORTED = 7001;
/** `shaka.net.NetworkingEngine.RequestType.SEGMENT`. */
export const REQUEST_TYPE_SEGMENT = 1;

/** A shaka.util.Error as data. For BAD_HTTP_STATUS `data` is [uri, status, text, headers, type]. */
export interface ShakaErrorLike {
  severity?: number;
  code?: number;
  data?: unknown[];
}

export interface ShakaErrorContext {
  /** The presentation was live at some point of this attempt. */
  wasLive: boolean;
  /** `player.isLive()` now. */
  live: boolean;
  /** Whether the current manifest still lists a segment at `uri`. */
  hasSegment(uri: string): boolean;
}

/**
 * Whether a shaka `error` event ends the attempt: CRITICAL severity (shaka already retried and
 * recovered what it could; live streaming failures it retries by itself and marks RECOVERABLE),
 * except
 * - a load or operation interrupted by our own teardown;
 * - a 404 for a media segment the manifest does not list, once a live presentation ended: shaka
 *   asked for it while the MPD was dynamic, the failure arrived after its refresh turned the MPD
 *   static (Brume does at the end of a publish), and shaka no longer retries for a static one.
 */
export function isFatalShakaError(error: ShakaErrorLike, context: ShakaErrorContext): boolean {
  if (error.severity !== SEVERITY_CRITICAL) return false;
  if (error.code === LOAD_INTERRUPTED || error.code === OPERATION_ABORTED) return false;
  if (error.code === BAD_HTTP_STATUS && context.wasLive && !context.live) {
    const [uri, status, , , requestType] = error.data ?? [];
    if (
      typeof uri === 'string' &&
      (status === 404 || status === 410) &&
      requestType === REQUEST_TYPE_SEGMENT &&
      !context.hasSegment(uri)
    ) {
      return false;
    }
  }
  return true;
}
