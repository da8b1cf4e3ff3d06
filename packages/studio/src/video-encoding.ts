/** Video codecs the studio can publish with (what the relay ingests). */
export type VideoCodec = 'h264' | 'vp8';

export const VIDEO_CODECS: readonly VideoCodec[] = ['h264', 'vp8'];

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
