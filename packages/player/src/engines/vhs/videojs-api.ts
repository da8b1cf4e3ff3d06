/**
 * The slice of video.js 8, VHS 3 (`@videojs/http-streaming`) and videojs-contrib-quality-levels that
 * the VHS engine uses. video.js's generated typings say `any`/`Function` where it matters, and the
 * plugins have none, so the engine states what it relies on here and casts once, at `videojs()`.
 */

export interface VjsEvented {
  on(type: string | string[], listener: () => void): void;
  off(type: string | string[], listener: () => void): void;
}

/** A TimeRanges look-alike (VHS's seekable range). */
export interface VjsTimeRanges {
  readonly length: number;
  start(index: number): number;
  end(index: number): number;
}

/** One rendition in `player.qualityLevels()`; `enabled` is a setter that tells VHS's ABR. */
export interface VjsQualityLevel {
  readonly id: string;
  readonly width?: number;
  readonly height?: number;
  /** The manifest's BANDWIDTH, bits per second. */
  readonly bitrate?: number;
  enabled: boolean;
}

/** Array-like lists of video.js: levels, audio tracks, text tracks. */
export interface VjsList<T> extends VjsEvented {
  readonly length: number;
  readonly [index: number]: T | undefined;
}

export interface VjsQualityLevelList extends VjsList<VjsQualityLevel> {
  /** Index of the rendition VHS plays now; -1 before the first media playlist is chosen. */
  readonly selectedIndex: number;
}

export interface VjsTrack {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly language: string;
}

export interface VjsAudioTrack extends VjsTrack {
  enabled: boolean;
}

export interface VjsTextTrack extends VjsTrack {
  mode: TextTrackMode;
}

/** A segment of a VHS media playlist, with what VHS learns once it appended it. */
export interface VhsSegment {
  /** Display time (s) of the segment's first frame: set by VHS after it probed the segment. */
  start?: number;
  end?: number;
  /** From `EXT-X-PROGRAM-DATE-TIME` (HLS). */
  dateTimeObject?: Date;
}

export interface VhsMediaPlaylist {
  /** `EXT-X-ENDLIST` seen (HLS) or a static MPD (DASH). */
  endList?: boolean;
  segments?: VhsSegment[];
}

export interface VhsPlaylistLoader {
  /** The multivariant playlist (or the parsed MPD). */
  readonly main?: unknown;
  /** The media playlist being played, once chosen. */
  media(): VhsMediaPlaylist | undefined;
}

/** `tech.vhs`: the VHS source handler of the current source. */
export interface VhsHandler {
  readonly playlists?: VhsPlaylistLoader;
}

export interface VjsTech {
  readonly vhs?: VhsHandler;
}

export interface VjsMediaError {
  readonly code: number;
  readonly message: string;
}

export interface VjsPlayer extends VjsEvented {
  /** The wrapper div video.js made around the element it was given. */
  el(): Element;
  src(source: { src: string; type: string }): void;
  currentTime(): number;
  currentTime(seconds: number): void;
  /** Infinity for live (VHS's playlist has no end). */
  duration(): number;
  /** VHS's seekable range (the element's own is wrong for live MSE: VHS sets a finite duration). */
  seekable(): VjsTimeRanges;
  error(): VjsMediaError | null;
  /** The loaded tech, or a falsy value before `src()` loaded one; the argument silences a warning. */
  tech(safety: { IWillNotUseThisInPlugins: true }): VjsTech | false | undefined;
  qualityLevels(): VjsQualityLevelList;
  audioTracks(): VjsList<VjsAudioTrack>;
  textTracks(): VjsList<VjsTextTrack>;
  /** Runs `callback` once the tech is loaded (at once when it already is). */
  ready(callback: () => void): void;
  dispose(): void;
}

/** `videojs.Vhs`: static helpers of VHS. */
export interface VhsStatic {
  Playlist: {
    /** How far behind the playlist's end VHS keeps its seekable end (PART-HOLD-BACK, HOLD-BACK, 3 × target). */
    liveEdgeDelay(main: unknown, media: VhsMediaPlaylist): number;
  };
}
