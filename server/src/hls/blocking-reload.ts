import type { RenditionSnapshot } from '../segments/segment-model';
import { listedSegments, type ListedSegment } from './media-playlist';

/** The LL-HLS delivery directives of a media playlist request (RFC 8216bis §6.2.5). */
export interface DeliveryDirectives {
  /** `_HLS_msn`: answer once segment `msn` (or a later one) is complete. */
  msn?: number;
  /** `_HLS_part`: with `msn`, answer once part (`msn`, `part`) or a later part is listed. */
  part?: number;
  /**
   * `_HLS_skip` (`YES` or `v2`). Parsed for completeness only: we advertise no `CAN-SKIP-UNTIL`,
   * so the server must ignore it (§6.2.5.1) and always answers the full playlist.
   */
  skip?: 'YES' | 'v2';
}

export type ReloadDecision = 'ready' | 'wait' | { error: string };

/**
 * Reads `_HLS_msn`, `_HLS_part` and `_HLS_skip` from a parsed query string. An error means 400
 * (§6.2.5.2: `_HLS_part` without `_HLS_msn` MUST be refused); anything else is ignored.
 */
export function parseDeliveryDirectives(
  query: Record<string, unknown>,
): DeliveryDirectives | { error: string } {
  const msn = decimalInteger(query._HLS_msn, '_HLS_msn');
  if (typeof msn === 'object') return msn;
  const part = decimalInteger(query._HLS_part, '_HLS_part');
  if (typeof part === 'object') return part;
  if (part !== undefined && msn === undefined) {
    return { error: '_HLS_part needs _HLS_msn: ask for a part of a given segment (_HLS_msn=M&_HLS_part=N)' };
  }
  const directives: DeliveryDirectives = {};
  if (msn !== undefined) directives.msn = msn;
  if (part !== undefined) directives.part = part;
  if (query._HLS_skip === 'YES' || query._HLS_skip === 'v2') directives.skip = query._HLS_skip;
  return directives;
}

/**
 * Whether a (blocking) playlist request can be answered from this snapshot (§6.2.5.2):
 *
 * - ended: `'ready'`, directives ignored (MUST).
 * - `_HLS_msn` more than 2 past the last complete segment, or `_HLS_part` more than the Advance Part
 *   Limit past the newest part (3 / PART-TARGET parts below 1 s, else 3): an error (400, SHOULD).
 * - nothing complete yet: `'wait'`, with or without directives (hls.js treats a playlist without a
 *   complete segment as an error, `LEVEL_EMPTY_ERROR`).
 * - `_HLS_msn=M`: ready once a segment numbered M or later is complete.
 * - `_HLS_msn=M&_HLS_part=N`: ready once part N of M, or a later part or complete segment, is
 *   there. An index past the last part of a complete segment M means part 0 of the next segment
 *   (MUST), so it waits for that.
 * - a directive older than the window is ready: the playlist is already past it.
 *
 * `'wait'` means: ask again when the snapshot changes; the caller gives up after 3 target
 * durations with 503.
 */
export function reloadDecision(
  rendition: RenditionSnapshot,
  directives: DeliveryDirectives,
  options: { partTargetS: number },
): ReloadDecision {
  if (rendition.ended) return 'ready';
  const segments = listedSegments(rendition);
  const last = segments[segments.length - 1];
  if (!last) return 'wait';

  const { msn, part } = directives;
  if (msn !== undefined) {
    const lastCompleteMsn = last.complete ? last.msn : last.msn - 1;
    if (msn > lastCompleteMsn + 2) {
      return {
        error:
          `_HLS_msn=${msn} is more than two segments past the last one (${lastCompleteMsn}); ` +
          'reload without directives to find the live edge',
      };
    }
    if (part !== undefined) {
      const error = checkAdvancePartLimit(segments, msn, part, options.partTargetS);
      if (error) return error;
    }
  }

  if (!segments.some((segment) => segment.complete)) return 'wait';
  if (msn === undefined) return 'ready';
  return reached(segments, msn, part) ? 'ready' : 'wait';
}

/** §6.2.5.2: 3 / PART-TARGET parts when the part target is under a second, else 3. */
export function advancePartLimit(partTargetS: number): number {
  if (!(partTargetS > 0)) throw new RangeError(`partTargetS must be > 0, got ${partTargetS}`);
  return partTargetS < 1 ? 3 / partTargetS : 3;
}

function reached(segments: readonly ListedSegment[], msn: number, part: number | undefined): boolean {
  for (const segment of segments) {
    if (segment.msn < msn) continue;
    if (part === undefined) {
      if (segment.complete) return true;
    } else if (segment.msn === msn) {
      // A part index past the end of a complete segment rolls over to the next segment's part 0,
      // which the later segments below answer.
      if (part < segment.parts.length) return true;
    } else if (segment.complete || segment.parts.length > 0) {
      return true;
    }
  }
  return false;
}

function checkAdvancePartLimit(
  segments: readonly ListedSegment[],
  msn: number,
  part: number,
  partTargetS: number,
): { error: string } | undefined {
  const newest = [...segments].reverse().find((segment) => segment.parts.length > 0);
  if (!newest || msn < newest.msn) return undefined;
  const lastIndex = newest.parts.length - 1;
  // For a later segment, parts 0..part are at least part + 1 parts past the newest one.
  const ahead = msn === newest.msn ? part - lastIndex : part + 1;
  const limit = advancePartLimit(partTargetS);
  if (ahead <= limit) return undefined;
  return {
    error:
      `_HLS_part=${part} of segment ${msn} is ${ahead} parts past the newest part (${newest.msn}.${lastIndex}), ` +
      `more than the Advance Part Limit of ${limit}; reload without directives to find the live edge`,
  };
}

function decimalInteger(value: unknown, name: string): number | undefined | { error: string } {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return { error: `${name} is given more than once; give it once` };
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^[0-9]+$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(number) || number < 0) {
    return { error: `${name} must be a decimal integer >= 0, got ${JSON.stringify(value)}` };
  }
  return number;
}
