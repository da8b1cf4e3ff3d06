import type { TrackConfig } from '../access-unit';

/**
 * A track configuration for tests that write containers around synthetic samples: 320x180 H.264
 * constrained baseline with a minimal SPS/PPS (not decodable pictures: the samples are tokens).
 */
export const SYNTHETIC_VIDEO: TrackConfig & { kind: 'video' } = {
  kind: 'video',
  timescale: 90000,
  codec: 'avc1.42c01f',
  width: 320,
  height: 180,
  sps: Uint8Array.of(0x67, 0x42, 0xc0, 0x1f),
  pps: Uint8Array.of(0x68, 0xce),
  avcC: Uint8Array.of(1, 0x42, 0xc0, 0x1f, 0xff, 0xe1, 0, 4, 0x67, 0x42, 0xc0, 0x1f, 1, 0, 2, 0x68, 0xce),
};

/** Stereo Opus at 48 kHz, as every WebRTC publisher sends it. */
export const SYNTHETIC_AUDIO: TrackConfig & { kind: 'audio' } = {
  kind: 'audio',
  timescale: 48000,
  codec: 'opus',
  sampleRate: 48000,
  channelCount: 2,
};
