/** A metadata track's kind: JSON side-band data, or subtitles (WebVTT cue text). */
export type MetadataTrackKind = 'json' | 'subtitle';
export interface MetadataTrack {
  name: string;
  kind: MetadataTrackKind;
  lang?: string;
  label?: string;
}
/** One timed event on the stream's millisecond timeline. `data` is parsed JSON for json tracks,
 *  cue text (string) for subtitle tracks. `id` is unique per stream, increasing, assigned by the server. */
export interface MetadataEvent {
  track: string;
  time: number;
  duration?: number;
  data: unknown;
  id?: number;
}
/** Track names follow stream-name rules: /^[A-Za-z0-9_-]{1,64}$/ */
export const METADATA_TRACK_NAME = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_METADATA_EVENT_BYTES = 64 * 1024;
