import type { PlayerStats } from '@brume/player';
import { describe, expect, it } from 'vitest';
import { statsRows } from './stats-rows';
import { DEFAULT_STRINGS } from './strings';

const noTracks = { qualities: [], quality: 'auto', audio: [], text: [] };
const emptyStats: PlayerStats = {
  framesRendered: 0,
  width: 0,
  height: 0,
  fps: 0,
  timeToFirstFrameMs: undefined,
  audioLive: false,
  transport: undefined,
  latency: { lastMs: undefined, medianMs: undefined, samples: [], count: 0 },
};

describe('statsRows', () => {
  it('shows only what is known', () => {
    const rows = statsRows(
      { engine: undefined, protocol: undefined, liveLatency: undefined, tracks: noTracks },
      emptyStats,
      DEFAULT_STRINGS,
    );
    expect(rows).toEqual([]);
  });

  it('lists a WebRTC session with transport counters and timecode latency', () => {
    const rows = statsRows(
      { engine: 'whep', protocol: 'whep', liveLatency: undefined, tracks: noTracks },
      {
        ...emptyStats,
        width: 1280,
        height: 720,
        fps: 29.97,
        timeToFirstFrameMs: 412.3,
        transport: {
          bitrate: 2_150_000,
          videoCodec: 'video/H264',
          audioCodec: 'audio/opus',
          packetsLost: 3,
          rttMs: 12.4,
          jitterMs: 4,
          framesDecoded: 900,
          framesDropped: 2,
        },
        latency: { lastMs: 150, medianMs: 142.4, samples: [150], count: 1 },
      },
      DEFAULT_STRINGS,
    );
    expect(Object.fromEntries(rows.map((row) => [row.id, row.value]))).toEqual({
      engine: 'whep',
      protocol: 'whep',
      resolution: '1280×720',
      fps: '30 fps',
      bitrate: '2.1 Mb/s',
      codecs: 'H264 · opus',
      glass: '142 ms',
      dropped: '2 / 900',
      rtt: '12 ms',
      jitter: '4 ms',
      loss: '3',
      ttff: '412 ms',
    });
    expect(rows[0]).toEqual({ id: 'engine', label: 'Engine', value: 'whep' });
  });

  it('lists a segment engine with buffer, latency to live and the ABR rendition', () => {
    const rows = statsRows(
      {
        engine: 'hlsjs',
        protocol: 'll-hls',
        liveLatency: 2.26,
        tracks: { ...noTracks, qualities: [{ id: '1', height: 720, label: '' }], activeQuality: '1' },
      },
      { ...emptyStats, transport: { packetsLost: 0, bufferSeconds: 1.52 } },
      DEFAULT_STRINGS,
    );
    expect(Object.fromEntries(rows.map((row) => [row.id, row.value]))).toEqual({
      engine: 'hlsjs',
      protocol: 'll-hls',
      quality: 'Auto (720p)',
      buffer: '1.5 s',
      latency: '2.3 s',
    });
  });
});
