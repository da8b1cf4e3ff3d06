/**
 * One access unit as the CMAF writer consumes it. The depacketizer produces the same shape; this
 * copy keeps the wire code free of a dependency on it.
 */
export interface CmafSample {
  /** Decode time in the track timescale (90000 video, 48000 audio), extended, never wraps. */
  dts: number;
  /** Composition offset (0 for WebRTC H.264 baseline / Opus). */
  cts: number;
  duration: number;
  keyframe: boolean;
  /** AVCC length-prefixed NAL units (4-byte lengths) for H.264; one raw Opus packet for Opus. */
  data: Uint8Array;
}

export type CmafTrack =
  | {
      id: number;
      kind: 'video';
      codec: 'avc1';
      timescale: number;
      width: number;
      height: number;
      /** AVCDecoderConfigurationRecord: the body of the `avcC` box, without its header. */
      avcC: Uint8Array;
    }
  | {
      id: number;
      kind: 'audio';
      codec: 'opus';
      timescale: 48000;
      channels: number;
      sampleRate: 48000;
      preSkip: number;
    }
  | {
      id: number;
      /** A WebVTT track (ISO/IEC 14496-30): samples are `vttc`/`vtte` boxes, see `wvtt.ts`. */
      kind: 'text';
      codec: 'wvtt';
      timescale: number;
      /** RFC 5646 tag (`en`, `pt-BR`), written in an `elng` box; `mdhd` says `und`. */
      language?: string;
    };
