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
 * What a shaka `error` event means for the attempt:
 * - `fatal`: CRITICAL severity (shaka already retried and recovered what it could; live
 *   streaming failures it retries by itself and marks RECOVERABLE);
 * - `ignore`: not critical, or a load or operation interrupted by our own teardown;
 * - `resume`: a 404 for a media segment the manifest does not list, once a live presentation
 *   ended. shaka asked for it while the MPD was dynamic, the failure arrived after its refresh
 *   turned the MPD static (Brume does at the end of a publish), and shaka does not retry for a
 *   static presentation: its streaming stopped short of the end, so it has to be resumed (it
 *   then plays out what the static manifest lists and ends).
 */
export type ShakaErrorVerdict = 'fatal' | 'ignore' | 'resume';

export function shakaErrorVerdict(error: ShakaErrorLike, context: ShakaErrorContext): ShakaErrorVerdict {
  if (error.severity !== SEVERITY_CRITICAL) return 'ignore';
  if (error.code === LOAD_INTERRUPTED || error.code === OPERATION_ABORTED) return 'ignore';
  if (error.code === BAD_HTTP_STATUS && context.wasLive && !context.live) {
    const [uri, status, , , requestType] = error.data ?? [];
    if (
      typeof uri === 'string' &&
      (status === 404 || status === 410) &&
      requestType === REQUEST_TYPE_SEGMENT &&
      !context.hasSegment(uri)
    ) {
      return 'resume';
    }
  }
  return 'fatal';
}
