import type { VodIndex } from './fragment-index';

export interface VodPlaylistOptions {
  /** URI of the MP4 file, relative to the playlist (every byte range points into it). */
  mediaUri: string;
  /** Wall-clock time of the first fragment (`EXT-X-PROGRAM-DATE-TIME`). */
  startUnixMs?: number;
  /** Still being written: an `EVENT` playlist without `EXT-X-ENDLIST`, which players reload. */
  growing: boolean;
}

/** One HLS segment: keyframe-led fragments, contiguous in the file. */
interface Segment {
  offset: number;
  length: number;
  startSec: number;
  durationSec: number;
}

/**
 * An HLS media playlist (RFC 8216, version 7) over one fragmented MP4 file by byte ranges: the
 * `EXT-X-MAP` is the file's `ftyp`+`moov`, each segment the fragments from one keyframe to the
 * next (our recorder cuts a fragment at every keyframe and at most every second), so each starts
 * decodable (`EXT-X-INDEPENDENT-SEGMENTS`). Fragments before the first keyframe are left out.
 */
export function vodMediaPlaylist(index: VodIndex, options: VodPlaylistOptions): string {
  const segments = segmentsOf(index);
  const target = Math.max(1, ...segments.map((segment) => Math.round(segment.durationSec)));
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${target}`,
    `#EXT-X-PLAYLIST-TYPE:${options.growing ? 'EVENT' : 'VOD'}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    `#EXT-X-MAP:URI="${options.mediaUri}",BYTERANGE="${index.initLength}@0"`,
  ];
  const first = segments[0];
  for (const segment of segments) {
    if (segment === first && options.startUnixMs !== undefined)
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(options.startUnixMs).toISOString()}`);
    lines.push(
      `#EXTINF:${segment.durationSec.toFixed(3)},`,
      `#EXT-X-BYTERANGE:${segment.length}@${segment.offset}`,
      options.mediaUri,
    );
  }
  if (!options.growing) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** A multivariant playlist naming the one rendition, so players know its codecs before loading it. */
export function vodMultivariantPlaylist(index: VodIndex, mediaPlaylistUri: string): string {
  const segments = segmentsOf(index);
  const seconds = segments.reduce((sum, segment) => sum + segment.durationSec, 0);
  const bytes = segments.reduce((sum, segment) => sum + segment.length, 0);
  const peak = Math.max(
    0,
    ...segments.map((segment) => (segment.length * 8) / Math.max(segment.durationSec, 0.001)),
  );
  const average = seconds > 0 ? (bytes * 8) / seconds : peak;
  const codecs = index.tracks.flatMap((track) =>
    track.codec && track.kind !== 'other' ? [track.codec] : [],
  );
  const video = index.tracks.find((track) => track.kind === 'video' && track.width && track.height);
  const attributes = [
    `BANDWIDTH=${Math.ceil(peak) || 1}`,
    `AVERAGE-BANDWIDTH=${Math.ceil(average) || 1}`,
    ...(codecs.length > 0 ? [`CODECS="${codecs.join(',')}"`] : []),
    ...(video ? [`RESOLUTION=${video.width}x${video.height}`] : []),
  ];
  return `#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-STREAM-INF:${attributes.join(',')}\n${mediaPlaylistUri}\n`;
}

function segmentsOf(index: VodIndex): Segment[] {
  const segments: Segment[] = [];
  for (const fragment of index.fragments) {
    const last = segments.at(-1);
    if (!fragment.keyframe) {
      if (!last) continue; // before the first keyframe: not decodable on its own
      // Fragments follow each other in the file: the segment's range grows over this one.
      last.length = fragment.offset + fragment.length - last.offset;
      last.durationSec = fragment.startSec + fragment.durationSec - last.startSec;
      continue;
    }
    segments.push({ ...fragment });
  }
  return segments;
}
