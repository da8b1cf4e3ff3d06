import type { PlayerStats } from '@brume/player';
import { describe, expect, it } from 'vitest';
import { formatBitrate, formatStats } from './format-stats';

const base: PlayerStats = {
  framesRendered: 0,
  width: 0,
  height: 0,
  fps: 0,
  timeToFirstFrameMs: undefined,
  audioLive: false,
  transport: undefined,
  latency: { lastMs: undefined, medianMs: undefined, samples: [], count: 0 },
};

describe('formatStats', () => {
  it('is empty before anything is known', () => {
    expect(formatStats(base)).toBe('');
    expect(formatStats(undefined)).toBe('');
  });
  it('shows resolution, fps, bitrate, codec and latency', () => {
    expect(
      formatStats({
        ...base,
        width: 1280,
        height: 720,
        fps: 29.97,
        transport: { bitrate: 2_150_000, videoCodec: 'video/H264', packetsLost: 0 },
        latency: { lastMs: 150, medianMs: 142.4, samples: [150], count: 1 },
      }),
    ).toBe('1280×720 · 30 fps · 2.1 Mb/s · H264 · latency 142 ms');
  });
  it('formats low bitrates in kb/s', () => {
    expect(formatBitrate(640_000)).toBe('640 kb/s');
  });
});
