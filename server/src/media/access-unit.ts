import type { H264Config } from './h264-parameter-sets';

/** Opus in MP4 (`Opus` sample entry + `dOps`): RTP Opus is always 48 kHz and signalled as stereo. */
export interface OpusConfig {
  codec: 'opus';
  sampleRate: 48000;
  channelCount: number;
}

export type TrackConfig =
  ({ kind: 'video'; timescale: 90000 } & H264Config) | ({ kind: 'audio'; timescale: 48000 } & OpusConfig);

/** One sample, ready for a CMAF packager: what the depacketizing stage hands to the ring buffer. */
export interface AccessUnit {
  kind: 'video' | 'audio';
  /** Decode time on the stream timeline, in the track's timescale (90000 video, 48000 audio); never wraps. */
  dts: number;
  /** Presentation offset: always 0, as WebRTC H.264 (no B-frames) and Opus never reorder. */
  cts: number;
  /** In the track timescale: audio from the Opus TOC; video from the next picture's dts (unset at the end). */
  duration?: number;
  keyframe: boolean;
  /** Sample bytes as MP4 wants them: AVCC length-prefixed NAL units, or the Opus packet. */
  data: Uint8Array;
  /** `dts` in stream milliseconds (metadata alignment, playlists). */
  streamMs: number;
  /**
   * The RTP timestamp (u32) the unit arrived with: a WebRTC viewer receives the same clock (plus
   * its sender's offset), so this pairs its frames with `streamMs`.
   */
  rtpTimestamp?: number;
  /** Set on the first unit of a new configuration (the first, or after an SPS/PPS change): start a new init segment here. */
  config?: TrackConfig;
}
