import type { PartRef, RenditionSnapshot, SegmentRef } from '../segments/segment-model';

/**
 * `EXT-X-VERSION` of every playlist we write: 6 is what `EXT-X-MAP` without `EXT-X-I-FRAMES-ONLY`
 * requires (RFC 8216bis §8). The LL-HLS tags need no version; 9 would only be needed for `EXT-X-SKIP`
 * (delta updates), which we do not write, and §6.2.1 says not to claim more than needed.
 */
export const HLS_VERSION = 6;

export interface MediaPlaylistUris {
  /** The CMAF header (`EXT-X-MAP`). */
  init: string;
  segment(msn: number): string;
  part(msn: number, index: number): string;
}

/** Where another rendition's live edge is (`EXT-X-RENDITION-REPORT`); see {@link renditionReport}. */
export interface RenditionReport {
  /** Relative to the playlist that carries the report. */
  uri: string;
  lastMsn: number;
  lastPart: number;
}

export interface MediaPlaylistOptions {
  rendition: RenditionSnapshot;
  /** Wall-clock (Unix ms) of stream time 0; `EXT-X-PROGRAM-DATE-TIME` = `startUnixMs + startMs`. */
  startUnixMs: number;
  /** `EXT-X-TARGETDURATION`, whole seconds; the same for every rendition and never changing. */
  targetDurationS: number;
  /** `PART-TARGET`: no part is longer. */
  partTargetS: number;
  /** `PART-HOLD-BACK`: at least 2 × `partTargetS` (RFC 8216bis §4.4.3.8; 3 × is recommended). */
  partHoldBackS: number;
  /**
   * List `EXT-X-PART`s for the last N listed segments only. Default: the segments that start
   * within 3 target durations of the playlist's end (§6.2.2: older parts SHOULD be removed).
   */
  partsListedForLastSegments?: number;
  uris: MediaPlaylistUris;
  /** One per other rendition of the presentation (the LL-HLS server profile asks for them). */
  renditionReports?: readonly RenditionReport[];
}

/**
 * A segment as the playlist lists it: the snapshot's segments plus, where the msn jumps, `gap`
 * placeholders for the missing numbers. HLS numbers segments by position (msn = MEDIA-SEQUENCE +
 * index), so a missing number must still take a line, or every later msn would shift.
 */
export interface ListedSegment extends SegmentRef {
  gap: boolean;
}

/**
 * The LL-HLS media playlist of one rendition (one CMAF track), RFC 8216bis. Pure: the same
 * snapshot and options always give the same text.
 */
export function mediaPlaylist(options: MediaPlaylistOptions): string {
  return playlistText(options, { map: options.uris.init, partsIndependent: false });
}

export interface SubtitlePlaylistOptions extends Omit<MediaPlaylistOptions, 'uris'> {
  /**
   * The video rendition: subtitle segments and parts take its numbers and time ranges, so the
   * playlists line up segment for segment (and blocking reload decides on the same snapshot).
   */
  rendition: RenditionSnapshot;
  /** WebVTT segments and parts (`webvttSegment` over each one's time range); no init segment. */
  uris: Omit<MediaPlaylistUris, 'init'>;
}

/**
 * The media playlist of a WebVTT subtitle rendition: the video playlist's segments, parts, dates,
 * target duration and `EXT-X-SERVER-CONTROL` (RFC 8216bis §6.2.4: identical in every media playlist,
 * subtitles included), without `EXT-X-MAP`, every part `INDEPENDENT` (any WebVTT file stands alone).
 * Parts are listed as for video: hls.js 1.7 loads subtitle parts (`SubtitleStreamController` buffers
 * per part) and Shaka builds partial segments for text streams as for any other, so cues reach a
 * player that sits about a part behind the live edge; with whole segments only, a cue would come up
 * to a segment duration late at low latency.
 */
export function subtitlePlaylist(options: SubtitlePlaylistOptions): string {
  return playlistText(options, { partsIndependent: true });
}

function playlistText(
  options: Omit<MediaPlaylistOptions, 'uris'> & { uris: Omit<MediaPlaylistUris, 'init'> },
  { map, partsIndependent }: { map?: string; partsIndependent: boolean },
): string {
  checkOptions(options);
  const { rendition, uris } = options;
  const segments = listedSegments(rendition);
  const partsFrom = firstSegmentWithParts(segments, options);

  const lines = [
    '#EXTM3U',
    `#EXT-X-VERSION:${HLS_VERSION}`,
    `#EXT-X-TARGETDURATION:${options.targetDurationS}`,
    `#EXT-X-PART-INF:PART-TARGET=${decimal(options.partTargetS)}`,
    '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,' +
      `PART-HOLD-BACK=${decimal(options.partHoldBackS)},HOLD-BACK=${decimal(3 * options.targetDurationS)}`,
    `#EXT-X-MEDIA-SEQUENCE:${segments[0]?.msn ?? 0}`,
    ...(map === undefined ? [] : [`#EXT-X-MAP:URI=${quoted(map)}`]),
  ];

  segments.forEach((segment, position) => {
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${isoDate(options.startUnixMs + segment.startMs)}`);
    if (segment.gap) lines.push('#EXT-X-GAP');
    if (position >= partsFrom) {
      for (const part of segment.parts) {
        lines.push(partLine(segment.msn, partsIndependent ? { ...part, independent: true } : part, uris));
      }
    }
    if (segment.complete) {
      lines.push(`#EXTINF:${decimal(segment.durationMs / 1000)},`, uriLine(uris.segment(segment.msn)));
    }
  });

  const last = segments[segments.length - 1];
  if (last && !rendition.ended) {
    const [msn, index] = last.complete ? [last.msn + 1, 0] : [last.msn, last.parts.length];
    lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI=${quoted(uris.part(msn, index))}`);
  }
  for (const report of options.renditionReports ?? []) {
    checkCount(report.lastMsn, 'rendition report LAST-MSN');
    checkCount(report.lastPart, 'rendition report LAST-PART');
    lines.push(
      `#EXT-X-RENDITION-REPORT:URI=${quoted(report.uri)},LAST-MSN=${report.lastMsn},LAST-PART=${report.lastPart}`,
    );
  }
  if (rendition.ended) lines.push('#EXT-X-ENDLIST');
  return lines.join('\n') + '\n';
}

/**
 * The rendition report another playlist carries about `rendition`: its newest part (§4.4.5.4:
 * LAST-MSN is the msn of the last partial segment, LAST-PART its index). Undefined before the
 * first part.
 */
export function renditionReport(uri: string, rendition: RenditionSnapshot): RenditionReport | undefined {
  for (let i = rendition.segments.length - 1; i >= 0; i -= 1) {
    const segment = rendition.segments[i];
    const part = segment?.parts[segment.parts.length - 1];
    if (segment && part) return { uri, lastMsn: segment.msn, lastPart: part.index };
  }
  return undefined;
}

/**
 * The snapshot's segments, checked, with a gap placeholder for each missing msn. The time between
 * the segment before and the one after is shared among the placeholders (§6.2.1: absent media is
 * signalled by `EXT-X-GAP` segments whose durations add up to it), split on whole milliseconds.
 */
export function listedSegments(rendition: RenditionSnapshot): readonly ListedSegment[] {
  // Every blocked request looks at the same snapshot after each change: listed once per snapshot.
  const known = listedBySnapshot.get(rendition);
  if (known) return known;
  const listed = listSegments(rendition);
  listedBySnapshot.set(rendition, listed);
  return listed;
}

const listedBySnapshot = new WeakMap<RenditionSnapshot, readonly ListedSegment[]>();

function listSegments(rendition: RenditionSnapshot): ListedSegment[] {
  const listed: ListedSegment[] = [];
  let previous: SegmentRef | undefined;
  rendition.segments.forEach((segment, position) => {
    checkSegment(segment, position === rendition.segments.length - 1, rendition.ended);
    if (previous) {
      if (segment.msn <= previous.msn) {
        throw new RangeError(`segment msn ${segment.msn} follows msn ${previous.msn}; msns must increase`);
      }
      const missing = segment.msn - previous.msn - 1;
      const gapStartMs = previous.startMs + previous.durationMs;
      const gapMs = Math.max(0, segment.startMs - gapStartMs);
      for (let i = 0; i < missing; i += 1) {
        const startMs = gapStartMs + Math.round((gapMs * i) / missing);
        const endMs = gapStartMs + Math.round((gapMs * (i + 1)) / missing);
        listed.push({
          msn: previous.msn + 1 + i,
          startMs,
          durationMs: endMs - startMs,
          complete: true,
          independent: false,
          parts: [],
          gap: true,
        });
      }
    }
    listed.push({ ...segment, gap: false });
    previous = segment;
  });
  return listed;
}

/** A decimal-floating-point value with 3 decimals; `toFixed` never uses exponent notation. */
export function decimal(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`expected a duration >= 0, got ${value}`);
  return value.toFixed(3);
}

/** A quoted-string attribute value (§4.2: no `"`, CR or LF inside). */
export function quoted(value: string): string {
  if (value === '' || /["\r\n]/.test(value)) {
    throw new RangeError(
      `${JSON.stringify(value)} cannot be a quoted-string: empty, or has a quote or newline`,
    );
  }
  return `"${value}"`;
}

/** A URI line: not empty, not a comment, no newline. */
export function uriLine(uri: string): string {
  if (uri === '' || uri.startsWith('#') || /[\r\n]/.test(uri)) {
    throw new RangeError(`${JSON.stringify(uri)} cannot be a URI line: empty, a comment, or has a newline`);
  }
  return uri;
}

function partLine(msn: number, part: PartRef, uris: Pick<MediaPlaylistUris, 'part'>): string {
  const independent = part.independent ? ',INDEPENDENT=YES' : '';
  return `#EXT-X-PART:DURATION=${decimal(part.durationMs / 1000)},URI=${quoted(uris.part(msn, part.index))}${independent}`;
}

/** Position in `segments` of the first segment whose parts are listed. */
function firstSegmentWithParts(
  segments: readonly ListedSegment[],
  options: Pick<MediaPlaylistOptions, 'partsListedForLastSegments' | 'targetDurationS'>,
): number {
  if (options.partsListedForLastSegments !== undefined) {
    return Math.max(0, segments.length - options.partsListedForLastSegments);
  }
  const last = segments[segments.length - 1];
  if (!last) return 0;
  const fromMs = last.startMs + last.durationMs - 3 * options.targetDurationS * 1000;
  const first = segments.findIndex((segment) => segment.startMs >= fromMs);
  return first === -1 ? segments.length - 1 : first;
}

/** `2026-11-24T10:00:00.000Z`: UTC, millisecond precision, as `EXT-X-PROGRAM-DATE-TIME` wants. */
export function isoDate(unixMs: number): string {
  if (!Number.isFinite(unixMs)) throw new RangeError(`expected a Unix time in ms, got ${unixMs}`);
  return new Date(Math.round(unixMs)).toISOString();
}

function checkOptions(options: Omit<MediaPlaylistOptions, 'uris'>): void {
  const { targetDurationS, partTargetS, partHoldBackS, partsListedForLastSegments } = options;
  if (!Number.isInteger(targetDurationS) || targetDurationS < 1) {
    throw new RangeError(`targetDurationS must be a whole number of seconds >= 1, got ${targetDurationS}`);
  }
  if (!(partTargetS > 0 && partTargetS <= targetDurationS)) {
    throw new RangeError(`partTargetS must be > 0 and <= the target duration, got ${partTargetS}`);
  }
  if (!(partHoldBackS >= 2 * partTargetS)) {
    throw new RangeError(
      `partHoldBackS must be at least 2 × PART-TARGET (${2 * partTargetS}), got ${partHoldBackS}`,
    );
  }
  if (
    partsListedForLastSegments !== undefined &&
    !(Number.isInteger(partsListedForLastSegments) && partsListedForLastSegments >= 1)
  ) {
    throw new RangeError(
      `partsListedForLastSegments must be an integer >= 1, got ${partsListedForLastSegments}`,
    );
  }
}

function checkSegment(segment: SegmentRef, isLast: boolean, ended: boolean): void {
  checkCount(segment.msn, 'segment msn');
  if (!segment.complete && (!isLast || ended)) {
    throw new RangeError(
      `segment ${segment.msn} is incomplete; only the last segment of a live rendition may be`,
    );
  }
  segment.parts.forEach((part, position) => {
    if (part.index !== position) {
      throw new RangeError(`segment ${segment.msn} has part index ${part.index} at position ${position}`);
    }
  });
}

function checkCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} must be an integer >= 0, got ${value}`);
}
