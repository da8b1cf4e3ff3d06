import { describe, expect, it } from 'vitest';
import { codecPreferences, encodableVideoCodecs, layerBitrate, maxVideoBitrate } from './video-encoding';

/** Chromium 156's video send capabilities, abridged (same order). */
const CHROMIUM: RTCRtpCodec[] = [
  { mimeType: 'video/VP8', clockRate: 90000 },
  { mimeType: 'video/rtx', clockRate: 90000 },
  {
    mimeType: 'video/H264',
    clockRate: 90000,
    sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  },
  { mimeType: 'video/VP9', clockRate: 90000, sdpFmtpLine: 'profile-id=0' },
  {
    mimeType: 'video/H264',
    clockRate: 90000,
    sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f',
  },
  { mimeType: 'video/red', clockRate: 90000 },
  { mimeType: 'video/ulpfec', clockRate: 90000 },
];

describe('codec preferences', () => {
  it('puts VP8 first and leaves H.264 out, keeping RTX, RED and FEC', () => {
    const list = codecPreferences(CHROMIUM, 'video/VP8', ['video/H264']);
    expect(list?.map((c) => c.mimeType)).toEqual([
      'video/VP8',
      'video/rtx',
      'video/VP9',
      'video/red',
      'video/ulpfec',
    ]);
  });

  it('moves every entry of the wanted type first, in the browser order', () => {
    const list = codecPreferences(CHROMIUM, 'video/h264');
    expect(list?.slice(0, 2).map((c) => c.sdpFmtpLine)).toEqual([
      CHROMIUM[2]?.sdpFmtpLine,
      CHROMIUM[4]?.sdpFmtpLine,
    ]);
    expect(list).toHaveLength(CHROMIUM.length);
  });

  it('gives nothing when the browser lacks the codec', () => {
    expect(codecPreferences(CHROMIUM, 'video/AV1')).toBeUndefined();
  });
});

describe('maxVideoBitrate', () => {
  it('scales with the pixel rate around 3 Mbit/s for 720p30, within bounds', () => {
    expect(maxVideoBitrate(1280, 720, 30)).toBe(3_000_000);
    expect(maxVideoBitrate(1920, 1080, 30)).toBe(6_750_000);
    expect(maxVideoBitrate(1280, 720, 60)).toBe(6_000_000);
    expect(maxVideoBitrate(640, 360, 30)).toBe(750_000);
    expect(maxVideoBitrate(160, 120, 15)).toBe(300_000);
    expect(maxVideoBitrate(3840, 2160, 60)).toBe(8_000_000);
  });
});

describe('encodableVideoCodecs', () => {
  it('lists the codecs the browser can send, in the studio order', () => {
    expect(encodableVideoCodecs({ codecs: CHROMIUM })).toEqual(['h264', 'vp8', 'vp9']);
    expect(encodableVideoCodecs({ codecs: [{ mimeType: 'video/av1', clockRate: 90000 }] })).toEqual(['av1']);
  });

  it('offers every codec when the browser cannot tell', () => {
    expect(encodableVideoCodecs(null)).toEqual(['h264', 'vp8', 'vp9', 'av1']);
  });
});

describe('layerBitrate', () => {
  it('scales a simulcast layer by its pixel count, with a floor', () => {
    expect(layerBitrate(3_000_000)).toBe(3_000_000);
    expect(layerBitrate(3_000_000, 2)).toBe(750_000);
    expect(layerBitrate(3_000_000, 4)).toBe(188_000);
    expect(layerBitrate(1_000_000, 4)).toBe(100_000);
  });
});
