import { describe, expect, it } from 'vitest';
import { readInboundStats } from './inbound-stats';

function report(bytes: number, timestamp: number): Map<string, unknown> {
  return new Map<string, unknown>([
    ['c1', { id: 'c1', type: 'codec', mimeType: 'video/H264' }],
    ['c2', { id: 'c2', type: 'codec', mimeType: 'audio/opus' }],
    [
      'v',
      {
        type: 'inbound-rtp',
        kind: 'video',
        codecId: 'c1',
        bytesReceived: bytes,
        packetsLost: 3,
        jitter: 0.004,
        framesDecoded: 10,
        framesDropped: 1,
        timestamp,
      },
    ],
    [
      'a',
      { type: 'inbound-rtp', kind: 'audio', codecId: 'c2', bytesReceived: 10, packetsLost: 2, timestamp },
    ],
    ['o', { type: 'outbound-rtp', kind: 'video', bytesSent: 99, timestamp }],
    [
      'p0',
      { type: 'candidate-pair', nominated: false, state: 'waiting', currentRoundTripTime: 9, timestamp },
    ],
    [
      'p1',
      { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.012, timestamp },
    ],
  ]);
}

describe('readInboundStats', () => {
  it('reads codecs, loss and jitter; has no bitrate on the first poll', () => {
    const { stats, sample } = readInboundStats(report(1000, 5000), undefined);
    expect(stats).toEqual({
      packetsLost: 5,
      videoCodec: 'video/H264',
      audioCodec: 'audio/opus',
      jitterMs: 4,
      framesDecoded: 10,
      framesDropped: 1,
      rttMs: 12,
    });
    expect(sample).toEqual({ bytesReceived: 1000, timestamp: 5000 });
  });

  it('turns the byte delta between polls into bits per second', () => {
    const first = readInboundStats(report(1000, 5000), undefined);
    const { stats } = readInboundStats(report(126_000, 6000), first.sample);
    expect(stats.bitrate).toBe(1_000_000);
  });

  it('has nothing but zero loss before media arrives', () => {
    const { stats, sample } = readInboundStats(new Map(), undefined);
    expect(stats.packetsLost).toBe(0);
    expect(stats.bitrate).toBeUndefined();
    expect(sample).toBeUndefined();
  });

  it('reads the round-trip time of the nominated candidate pair', () => {
    expect(readInboundStats(report(1000, 1), undefined).stats.rttMs).toBeCloseTo(12);
  });
});
