import { formatQualityLabel } from '../quality-label';
import type { MediaTrackOption, QualityLevel } from '../types';

/** The fields of an hls.js `Level` a quality menu needs (0 or '' where the playlist says nothing). */
export interface HlsLevelLike {
  width: number;
  height: number;
  /** `BANDWIDTH` of the variant, bits per second. */
  bitrate: number;
  videoCodec?: string | undefined;
}

/** The fields of an hls.js `MediaPlaylist` (an `EXT-X-MEDIA` rendition) a track menu needs. */
export interface HlsRenditionLike {
  name: string;
  lang?: string | undefined;
}

/**
 * hls.js levels as qualities. The id is the level's index in `hls.levels`, which is what
 * `hls.nextLevel` takes and stays stable for the attempt (hls.js only removes levels that fail).
 */
export function qualitiesOf(levels: readonly HlsLevelLike[]): QualityLevel[] {
  return levels.map((level, index) => ({
    id: String(index),
    width: positive(level.width),
    height: positive(level.height),
    bitrate: positive(level.bitrate),
    codec: level.videoCodec || undefined,
    label:
      positive(level.height) || positive(level.bitrate)
        ? formatQualityLabel({ height: positive(level.height), bitrate: positive(level.bitrate) })
        : `Quality ${index + 1}`,
  }));
}

/**
 * Audio or subtitle renditions as track options, id = index in hls.js's list (what `hls.audioTrack`
 * and `hls.subtitleTrack` take). `NAME` is required by the spec; the language stands in if it is empty.
 */
export function trackOptionsOf(renditions: readonly HlsRenditionLike[], kind: string): MediaTrackOption[] {
  return renditions.map((rendition, index) => ({
    id: String(index),
    label: rendition.name || rendition.lang || `${kind} ${index + 1}`,
    language: rendition.lang || undefined,
  }));
}

/** An index-as-id back to the index, or `undefined` when it names nothing in a list of `count`. */
export function indexOfId(id: string, count: number): number | undefined {
  const index = Number(id);
  return Number.isInteger(index) && index >= 0 && index < count && String(index) === id ? index : undefined;
}

function positive(value: number): number | undefined {
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
