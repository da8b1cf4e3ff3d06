import type { MediaPlayerErrors } from 'dashjs';

/** dash.js's error codes this engine decides on (typed against its `MediaPlayerErrors`). */
export const TIME_SYNC_FAILED: MediaPlayerErrors['TIME_SYNC_FAILED_ERROR_CODE'] = 16;
export const DOWNLOAD_CONTENT: MediaPlayerErrors['DOWNLOAD_ERROR_ID_CONTENT_CODE'] = 27;
export const TIMED_TEXT_PARSE: MediaPlayerErrors['TIMED_TEXT_ERROR_ID_PARSE_CODE'] = 33;

/**
 * A segment this close to the end of a static presentation (s) is past it, or a sliver: the MPD's
 * duration runs a few ms into a segment the server never began.
 */
export const TAIL_S = 0.5;

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
 * What a dash.js `ERROR` event means for the attempt. dash.js reports through the same event what
 * it gets over by itself and what stops it:
 * - `ignore`: a failed clock sync (it falls back to the local clock); a subtitle that does not
 *   parse; a media segment that stayed unavailable after its retries while the MPD is live
 *   (dash.js moves on with the live edge; if media really stopped, the element stalls and the
 *   core decides);
 * - `drain`: once the MPD is static (Brume makes it static when
 *   the publish ends), a segment at or past its end: dash.js asked for it before its MPD refresh
 *   said there is no more, or it is a sliver the server never made. Not a failure; if dash.js does
 *   not end the stream by itself, playback ends when the media before it ran out;
 * - `fatal`: a segment inside a static presentation that cannot be fetched (a hole VoD cannot play
 *   past) and everything else: manifest, init segment, MSE and codec support, DRM, and media
 *   element errors, which dash.js raises only after its own decode-error recovery gave up.
 */
export type DashjsErrorVerdict = 'fatal' | 'ignore' | 'drain';

export function dashjsErrorVerdict(error: DashjsErrorContext): DashjsErrorVerdict {
  switch (error.code) {
    case TIME_SYNC_FAILED:
    case TIMED_TEXT_PARSE:
      return 'ignore';
    case DOWNLOAD_CONTENT: {
      if (error.dynamic) return 'ignore';
      const { segmentStart, presentationEnd } = error;
      if (
        segmentStart !== undefined &&
        presentationEnd !== undefined &&
        segmentStart >= presentationEnd - TAIL_S
      ) {
        return 'drain';
      }
      return 'fatal';
    }
    default:
      return 'fatal';
  }
}
