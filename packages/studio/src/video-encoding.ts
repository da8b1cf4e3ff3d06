/**
 * Video codecs the studio can publish with (what the relay ingests). Only H.264 is packaged by the
 * relay for LL-HLS, LL-DASH and the MP4/WebSocket outputs; VP8, VP9 and AV1 reach WebRTC (WHEP)
 * viewers only.
 */
export type VideoCodec = 'h264' | 'vp8' | 'vp9' | 'av1';

export const VIDEO_CODECS: readonly VideoCodec[] = ['h264', 'vp8', 'vp9', 'av1'];

/** What a codec picker shows. */
export const VIDEO_CODEC_LABELS: Readonly<Record<VideoCodec, string>> = {
  h264: 'H.264',
  vp8: 'VP8',
  vp9: 'VP9',
  av1: 'AV1',
};

/** The `RTCRtpCodec.mimeType` of each codec. */
export const VIDEO_CODEC_MIME_TYPES: Readonly<Record<VideoCodec, string>> = {
  h264: 'video/H264',
  vp8: 'video/VP8',
  vp9: 'video/VP9',
  av1: 'video/AV1',
};

/**
 * The codecs of `VIDEO_CODECS` this browser can encode for WebRTC, from
 * `RTCRtpSender.getCapabilities('video')` (all of them where the browser cannot tell).
 */
export function encodableVideoCodecs(
  capabilities:
    { codecs: readonly RTCRtpCodec[] } | null | undefined = globalThis.RTCRtpSender?.getCapabilities?.(
    'video',
  ),
): VideoCodec[] {
  if (!capabilities) return [...VIDEO_CODECS];
  const have = new Set(capabilities.codecs.map((codec) => codec.mimeType.toLowerCase()));
  return VIDEO_CODECS.filter((codec) => have.has(VIDEO_CODEC_MIME_TYPES[codec].toLowerCase()));
}

/**
 * A codec preference list: `mimeType` first, `excluded` MIME types removed, the rest in the
 * browser's order (RTX, RED and FEC stay). Undefined when the browser lacks `mimeType`.
 */
export function codecPreferences(
  codecs: readonly RTCRtpCodec[],
  mimeType: string,
  excluded: readonly string[] = [],
): RTCRtpCodec[] | undefined {
  const wanted = mimeType.toLowerCase();
  const drop = new Set(excluded.map((m) => m.toLowerCase()));
  const isWanted = (codec: RTCRtpCodec): boolean => codec.mimeType.toLowerCase() === wanted;
  if (!codecs.some(isWanted)) return undefined;
  const kept = codecs.filter((codec) => !drop.has(codec.mimeType.toLowerCase()));
  return [...kept.filter(isWanted), ...kept.filter((codec) => !isWanted(codec))];
}

/**
 * The encoder's ceiling for a picture size, bits per second: about what broadcasters give a
 * camera picture (720p30 → 3 Mbit/s), scaled by pixel rate, never below 300 kbit/s nor above
 * 8 Mbit/s. Chromium's own default for 720p is 2.5 Mbit/s whatever the frame rate.
 */
export function maxVideoBitrate(width: number, height: number, frameRate = 30): number {
  const pixelsPerSecond = width * height * Math.min(Math.max(frameRate, 1), 60);
  const bitrate = (3_000_000 * pixelsPerSecond) / (1280 * 720 * 30);
  return Math.round(Math.min(8_000_000, Math.max(300_000, bitrate)) / 1000) * 1000;
}

/** One simulcast layer (RFC 8853): its rid and how much smaller than the source it is. */
export interface SimulcastLayer {
  rid: string;
  scaleResolutionDownBy: number;
}

/**
 * The simulcast layers, full size first: the relay reads the first rid the offer lists as the
 * stream (for WHEP viewers and packaging), and rids are short names, never numbers (OvenLiveKit's
 * numeric rids break some servers).
 */
export const SIMULCAST_LAYERS: readonly SimulcastLayer[] = [
  { rid: 'f', scaleResolutionDownBy: 1 },
  { rid: 'h', scaleResolutionDownBy: 2 },
  { rid: 'q', scaleResolutionDownBy: 4 },
];

/** Lowest ceiling for a reduced layer: below it a 320x180 picture is mush. */
const MIN_LAYER_BITRATE = 100_000;

/**
 * The ceiling of an encoding that is `scaleResolutionDownBy` times smaller than the source, given
 * the full-size ceiling: scaled by its pixel count (a quarter of the pixels, a quarter of the bits).
 */
export function layerBitrate(topBitrate: number, scaleResolutionDownBy = 1): number {
  const scale = Math.max(scaleResolutionDownBy, 1);
  if (scale === 1) return topBitrate;
  return Math.max(MIN_LAYER_BITRATE, Math.round(topBitrate / (scale * scale) / 1000) * 1000);
}
