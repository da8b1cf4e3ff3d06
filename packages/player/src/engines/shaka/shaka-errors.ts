/** shaka.util.Error codes and enums this engine decides on (shaka 5's `shaka.util.Error.Code`). */
export const SEVERITY_CRITICAL = 2;
export const BAD_HTTP_STATUS = 1001;
export const LOAD_INTERRUPTED = 7000;
export const OPERATION_ABORTED = 7001;
/** `shaka.net.NetworkingEngine.RequestType.SEGMENT`. */
export const REQUEST_TYPE_SEGMENT = 1;

/**
 * A listed segment this close to the end of an ended live presentation (s) is a sliver: the MPD's
 * duration runs a few ms into a segment the server never began.
 */
export const TAIL_S = 0.5;

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
  /** Start (s) of the segment at `uri` if the current manifest lists one. */
  segmentStart(uri: string): number | undefined;
  /** End of the presentation (s), known once it is static. */
  presentationEnd: number | undefined;
}

/**
 * What a shaka `error` event means for the attempt:
 * - `fatal`: CRITICAL severity once shaka's failure callback ran (shaka already retried and
 *   recovered what it could; live streaming failures it retries by itself and marks RECOVERABLE);
 * - `ignore`: not critical, or a load or operation interrupted by our own teardown;
 * - once a live presentation ended (its MPD turned static, Brume's does when the publish ends),
 *   a 404 for a media segment shaka asked for before its refresh told it there was no more:
 *   - `resume`: the segment is not in the manifest any more. shaka does not retry failures of a
 *     static presentation, so its streaming stopped short of the end: resumed, it plays out what
 *     the manifest lists and ends;
 *   - `drain`: the manifest lists it, as a sliver at the end.
 *     Resumed, shaka would ask for it again; playback rather ends when the media before it ran out.
 */
export type ShakaErrorVerdict = 'fatal' | 'ignore' | 'resume' | 'drain';

export function shakaErrorVerdict(error: ShakaErrorLike, context: ShakaErrorContext): ShakaErrorVerdict {
  if (error.severity !== SEVERITY_CRITICAL) return 'ignore';
  if (error.code === LOAD_INTERRUPTED || error.code === OPERATION_ABORTED) return 'ignore';
  if (error.code === BAD_HTTP_STATUS && context.wasLive && !context.live) {
    const [uri, status, , , requestType] = error.data ?? [];
    if (
      typeof uri === 'string' &&
      (status === 404 || status === 410) &&
      requestType === REQUEST_TYPE_SEGMENT
    ) {
      const start = context.segmentStart(uri);
      if (start === undefined) return 'resume';
      const end = context.presentationEnd;
      if (end !== undefined && start >= end - TAIL_S) return 'drain';
    }
  }
  return 'fatal';
}
