import { describe, expect, it } from 'vitest';
import { describeCodec, parsePublisherStats } from './publisher-stats';

/** Entries shaped like Chromium's getStats() for a WHIP publish (trimmed to the fields that matter). */
function chromeReport(
  t: number,
  bytesVideo: number,
  framesEncoded: number,
  bytesAudio: number,
): Map<string, object> {
  const entries = [
    {
      id: 'OT01V1',
      type: 'outbound-rtp',
      kind: 'video',
      timestamp: t,
      ssrc: 1111,
      codecId: 'COT01_102_level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
      bytesSent: bytesVideo,
      packetsSent: Math.round(bytesVideo / 1100),
      framesEncoded,
      framesSent: framesEncoded,
      framesPerSecond: 29,
      frameWidth: 1280,
      frameHeight: 720,
      qualityLimitationReason: 'bandwidth',
      encoderImplementation: 'OpenH264',
      nackCount: 3,
      pliCount: 1,
      firCount: 0,
    },
    {
      id: 'OT01A2',
      type: 'outbound-rtp',
      kind: 'audio',
      timestamp: t,
      ssrc: 2222,
      codecId: 'COT01_111_minptime=10;useinbandfec=1',
      bytesSent: bytesAudio,
      packetsSent: Math.round(bytesAudio / 80),
    },
    {
      id: 'RI01V1',
      type: 'remote-inbound-rtp',
      kind: 'video',
      localId: 'OT01V1',
      roundTripTime: 0.012,
      packetsLost: 4,
      fractionLost: 0.02,
    },
    {
      id: 'RI01A2',
      type: 'remote-inbound-rtp',
      kind: 'audio',
      localId: 'OT01A2',
      roundTripTime: 0.01,
      packetsLost: 1,
    },
    {
      id: 'COT01_102_level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
      type: 'codec',
      mimeType: 'video/H264',
      payloadType: 102,
      sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
    },
    {
      id: 'COT01_111_minptime=10;useinbandfec=1',
      type: 'codec',
      mimeType: 'audio/opus',
      payloadType: 111,
      sdpFmtpLine: 'minptime=10;useinbandfec=1',
    },
    { id: 'T01', type: 'transport', selectedCandidatePairId: 'CPabc' },
    {
      id: 'CPabc',
      type: 'candidate-pair',
      state: 'succeeded',
      nominated: true,
      currentRoundTripTime: 0.001,
      availableOutgoingBitrate: 2_500_000,
    },
  ];
  return new Map(entries.map((e) => [e.id, e]));
}

describe('parsePublisherStats', () => {
  it('reads the picture, codec, limits and feedback counters from one sample', () => {
    const stats = parsePublisherStats(chromeReport(1000, 100_000, 30, 4000));
    expect(stats.video).toMatchObject({
      width: 1280,
      height: 720,
      fps: 29,
      qualityLimitationReason: 'bandwidth',
      encoderImplementation: 'OpenH264',
      nackCount: 3,
      pliCount: 1,
      firCount: 0,
      packetsLost: 4,
      fractionLost: 0.02,
      codec: { mimeType: 'video/H264', label: 'H.264 Constrained Baseline 3.1', profileLevelId: '42e01f' },
    });
    // No previous sample: no rate yet.
    expect(stats.video?.bitrateKbps).toBeUndefined();
    expect(stats.audio?.codec?.label).toBe('Opus');
    expect(stats.audio?.packetsLost).toBe(1);
    // The receiver reports' RTT wins over the candidate pair's.
    expect(stats.rttMs).toBeCloseTo(12);
    expect(stats.availableOutgoingBitrateKbps).toBe(2500);
  });

  it('computes bitrates from byte deltas over the report timestamps', () => {
    const first = parsePublisherStats(chromeReport(1000, 100_000, 30, 4000));
    const second = parsePublisherStats(chromeReport(2000, 350_000, 60, 8000), first);
    expect(second.video?.bitrateKbps).toBeCloseTo(2000);
    expect(second.audio?.bitrateKbps).toBeCloseTo(32);
  });

  it('falls back to framesEncoded deltas for fps (no framesPerSecond, e.g. Firefox)', () => {
    const withoutFps = (t: number, frames: number): Map<string, object> => {
      const report = chromeReport(t, frames * 1000, frames, 0);
      const video = report.get('OT01V1') as Record<string, unknown>;
      delete video.framesPerSecond;
      return report;
    };
    const first = parsePublisherStats(withoutFps(0, 0));
    const second = parsePublisherStats(withoutFps(2000, 50), first);
    expect(second.video?.fps).toBeCloseTo(25);
  });

  it('gives no rate after counters reset (a new connection after reconnecting)', () => {
    const before = parsePublisherStats(chromeReport(1000, 900_000, 300, 40_000));
    const after = parsePublisherStats(chromeReport(2000, 10_000, 30, 400), before);
    expect(after.video?.bitrateKbps).toBeUndefined();
    expect(after.audio?.bitrateKbps).toBeUndefined();
  });

  it('uses the selected candidate pair for RTT when there are no receiver reports yet', () => {
    const report = chromeReport(1000, 1, 1, 1);
    report.delete('RI01V1');
    report.delete('RI01A2');
    const stats = parsePublisherStats(report);
    expect(stats.rttMs).toBeCloseTo(1);
    expect(stats.video?.packetsLost).toBe(0);
  });

  it('returns an empty sample for a report without outbound media', () => {
    expect(parsePublisherStats(new Map())).toEqual({ timestampMs: 0 });
  });
});

describe('describeCodec', () => {
  it.each([
    ['video/H264', 'packetization-mode=1;profile-level-id=42e01f', 'H.264 Constrained Baseline 3.1'],
    ['video/H264', 'packetization-mode=1;profile-level-id=42001f', 'H.264 Baseline 3.1'],
    ['video/H264', 'packetization-mode=1;profile-level-id=640c1f', 'H.264 High 3.1'],
    ['video/H264', 'packetization-mode=1;profile-level-id=4d0028', 'H.264 Main 4'],
    ['video/VP8', '', 'VP8'],
    ['video/VP9', 'profile-id=0', 'VP9 profile 0'],
    ['video/AV1', 'level-idx=5;profile=0;tier=0', 'AV1'],
    ['audio/opus', 'minptime=10', 'Opus'],
  ])('%s %s → %s', (mime, fmtp, label) => {
    expect(describeCodec(mime, fmtp).label).toBe(label);
  });
});
