/**
 * What an LL-HLS client needs from a media playlist (RFC 8216bis): the init segment, the segments
 * and their parts with media sequence numbers, and whether the playlist ended. Pure: text in.
 */

export interface PlaylistPart {
  msn: number;
  /** Index of the part in its parent segment. */
  index: number;
  uri: string;
  /** Seconds. */
  duration: number;
  independent: boolean;
}

export interface MediaPlaylist {
  mediaSequence: number;
  /** `EXT-X-MAP` URI. */
  map: string | undefined;
  /** Every part listed, in order (complete segments' parts and the open segment's). */
  parts: PlaylistPart[];
  /** Media sequence numbers of the complete segments listed. */
  segments: number[];
  partTarget: number | undefined;
  ended: boolean;
}

/** The first variant's URI of a multivariant playlist (or undefined if it lists none). */
export function firstVariant(text: string): string | undefined {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const at = lines.findIndex((line) => line.startsWith('#EXT-X-STREAM-INF:'));
  if (at < 0) return undefined;
  return lines.slice(at + 1).find((line) => line.length > 0 && !line.startsWith('#'));
}

export function parseMediaPlaylist(text: string): MediaPlaylist {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  if (lines[0] !== '#EXTM3U') throw new SyntaxError('not a playlist: no #EXTM3U');
  let msn = 0;
  let index = 0;
  let map: string | undefined;
  let partTarget: number | undefined;
  let ended = false;
  const parts: PlaylistPart[] = [];
  const segments: number[] = [];
  for (const line of lines) {
    if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) msn = Number(line.slice(22));
    else if (line.startsWith('#EXT-X-MAP:')) map = attribute(line, 'URI');
    else if (line.startsWith('#EXT-X-PART-INF:')) partTarget = Number(attribute(line, 'PART-TARGET'));
    else if (line.startsWith('#EXT-X-PART:')) {
      const uri = attribute(line, 'URI');
      if (uri === undefined) continue;
      parts.push({
        msn,
        index: index++,
        uri,
        duration: Number(attribute(line, 'DURATION') ?? 0),
        independent: attribute(line, 'INDEPENDENT') === 'YES',
      });
    } else if (line === '#EXT-X-ENDLIST') ended = true;
    else if (line.length > 0 && !line.startsWith('#')) {
      segments.push(msn++);
      index = 0;
    }
  }
  return { mediaSequence: segments[0] ?? msn, map, parts, segments, partTarget, ended };
}

/**
 * The part a blocking reload asks for after `last` (`_HLS_msn`/`_HLS_part`): the next in its
 * segment, or the first of the next segment once the playlist shows its segment complete.
 */
export function nextPart(
  playlist: MediaPlaylist,
  last: { msn: number; index: number },
): { msn: number; part: number } {
  return playlist.segments.includes(last.msn)
    ? { msn: last.msn + 1, part: 0 }
    : { msn: last.msn, part: last.index + 1 };
}

/** An attribute of a tag line: `URI="a"` → `a`, `DURATION=0.25` → `0.25`. */
function attribute(line: string, name: string): string | undefined {
  const match = new RegExp(`[:,]${name}=("([^"]*)"|[^,]*)`).exec(line);
  if (!match) return undefined;
  return match[2] ?? match[1];
}
