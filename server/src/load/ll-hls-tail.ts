/** A part by its place: part `part` of media segment `msn`. */
export interface PartRef {
  msn: number;
  part: number;
}

export interface PlaylistTail {
  /** Parts listed after the one asked about, oldest first (only the newest when none was given). */
  parts: (PartRef & { uri: string })[];
  /** The `EXT-X-PRELOAD-HINT` part: what a blocking reload asks for next. */
  hint: PartRef | undefined;
}

const PART_TAG = '#EXT-X-PART:';
const HINT_TAG = '#EXT-X-PRELOAD-HINT:';
/** `…-MSN.PART.m4s`: Brume's part file names carry their place. */
const PART_FILE = /-(\d+)\.(\d+)\.m4s(?:\?|$)/;

/**
 * What a live-edge LL-HLS follower needs from a media playlist: the parts after `after` and the
 * preload hint, read from the end of the text backwards. A light load client reloads the playlist
 * four times a second per viewer, so it stops at the first part it already has instead of parsing
 * the whole window the way `parseMediaPlaylist` does (one regular expression per attribute per line).
 * Pure: text in.
 */
export function playlistTail(text: string, after: PartRef | undefined): PlaylistTail {
  const hintAt = text.lastIndexOf(HINT_TAG);
  const hint = hintAt < 0 ? undefined : placeOf(uriAt(text, hintAt));
  const parts: (PartRef & { uri: string })[] = [];
  let end = text.length;
  while (end >= 0) {
    const at = text.lastIndexOf(PART_TAG, end);
    if (at < 0) break;
    end = at - 1;
    const uri = uriAt(text, at);
    const place = placeOf(uri);
    if (!place) continue;
    if (after && (place.msn < after.msn || (place.msn === after.msn && place.part <= after.part))) break;
    parts.push({ ...place, uri });
    if (!after) break;
  }
  return { parts: parts.reverse(), hint };
}

/**
 * Whether `next`, the first part listed after `last`, comes right after it. Brume numbers segments
 * by stream time, so a later segment's part 0 follows whatever its number.
 */
export function followsPart(last: PartRef, next: PartRef): boolean {
  return next.msn === last.msn ? next.part === last.part + 1 : next.part === 0;
}

/** The quoted `URI` of the tag line at `at` ('' when it has none). */
function uriAt(text: string, at: number): string {
  const lineEnd = text.indexOf('\n', at);
  const line = text.slice(at, lineEnd < 0 ? text.length : lineEnd);
  const start = line.indexOf('URI="');
  if (start < 0) return '';
  const stop = line.indexOf('"', start + 5);
  return stop < 0 ? '' : line.slice(start + 5, stop);
}

function placeOf(uri: string): PartRef | undefined {
  const match = PART_FILE.exec(uri);
  return match ? { msn: Number(match[1]), part: Number(match[2]) } : undefined;
}
