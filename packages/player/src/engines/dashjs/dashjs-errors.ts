import type { MediaPlayerErrors } from 'dashjs';

/** dash.js's error codes this engine decides on (typed against its `MediaPlayerErrors`). */
export const TIME_SYNC_FAILED: MediaPlayerErrors['TIME_SYNC_FAILED_ERROR_CODE'] = 16;
export const DOWNLOAD_CONTENT: MediaPlayerErrors['DOWNLOAD_ERROR_ID_CONTENT_CODE'] = 27;
export const TIMED_TEXT_PARSE: MediaPlayerErrors['TIMED_TEXT_ERROR_ID_PARSE_CODE'] = 33;

/** What dash.js knew when it reported an error. */
export interface DashjsErrorContext {
  code: number | null;
  /** `player.isDynamic()` now (false once the MPD went static). */
  dynamic: boolean;
  /** Presentation time (s) of the segment a download error was about, when the error says. */
  segmentStart?: number | undefined;
  /** End of the presentation (s) once it is known (static MPD); `undefined` while live. */
  presentationEnd?: number | undefined;
}

/**
 * Whether a dash.js `ERROR` event ends the attempt. dash.js reports through the same event what it
 * gets over by itself and what stops it:
 * - a failed clock sync: it falls back to the local clock;
 * - a subtitle that does not parse: the video plays on;
 * - a media segment that stayed unavailable after its retries, while the MPD is live: dash.js moves
 *   on with the live edge, and if media really stopped the element stalls and the core decides.
 *   Once the MPD is static (Brume makes it static when the publish ends) a segment at or past the
 *   end is one dash.js asked for before its MPD refresh told it there is no more: not a failure.
 *   A segment inside a static presentation that cannot be fetched is a hole VoD cannot play past.
 * Everything else (manifest, init segment, MSE and codec support, DRM, and media element errors,
 * which dash.js raises only after its own decode-error recovery gave up) is fatal.
 */
export function isFatalDashjsError(error: DashjsErrorContext): boolean {
  switch (error.code) {
    case TIME_SYNC_FAILED:
    case TIMED_TEXT_PARSE:
      return false;
    case DOWNLOAD_CONTENT: {
      if (error.dynamic) return false;
      const { segmentStart, presentationEnd } = error;
      if (segmentStart === undefined || presentationEnd === undefined) return true;
      // Segment times are rounded by the MPD's timescale; a whisker before the end is the end.
      return segmentStart < presentationEnd - 0.05;
    }
    default:
      return true;
  }
}
