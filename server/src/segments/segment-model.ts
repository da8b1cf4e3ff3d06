/**
 * The shape of a live CMAF presentation as the LL-HLS and LL-DASH writers see it: segments of
 * parts on the stream timeline (ms), per rendition. The segmenter fills it; the playlist and MPD
 * writers only read it (pure functions of a snapshot).
 */

export type RenditionKind = 'video' | 'audio';

export interface PartRef {
  /** 0-based position inside its segment. */
  index: number;
  /** Stream ms of the part's first sample. */
  startMs: number;
  durationMs: number;
  /** Starts with a video keyframe (always true for audio). */
  independent: boolean;
}

export interface SegmentRef {
  /** HLS media sequence number, and DASH `$Number$`: the same for every rendition of a stream. */
  msn: number;
  /** Stream ms of the segment's first sample (= its first part's). */
  startMs: number;
  /** Final once `complete`; the parts so far otherwise. */
  durationMs: number;
  complete: boolean;
  /** Starts with a video keyframe (a segment cut without one, when a keyframe came too late, is not). */
  independent: boolean;
  parts: readonly PartRef[];
}

export interface RenditionSnapshot {
  kind: RenditionKind;
  /** RFC 6381 codec string: `avc1.42e01f`, `opus`. */
  codec: string;
  /** Bits per second (peak estimate, for `BANDWIDTH`). */
  bandwidth: number;
  width?: number;
  height?: number;
  fps?: number;
  channels?: number;
  sampleRate?: number;
  /** The DVR window, oldest first; the last one may still be in progress (`complete: false`). */
  segments: readonly SegmentRef[];
  /** The stream ended: the last segment is complete and nothing follows. */
  ended: boolean;
}
