import { describe, expect, it } from 'vitest';
import { dynamicMpd } from '../dash';
import { liveSegmentNumber, parseDashTemplate, segmentAvailableAtMs } from './dash-mpd';

const AST = Date.parse('2026-11-25T05:54:56.313Z');
const MPD = dynamicMpd({
  startUnixMs: AST,
  publishUnixMs: AST + 3000,
  segmentDurationMs: 1000,
  chunkDurationMs: 250,
  timeShiftBufferDepthMs: 60_000,
  minimumUpdatePeriodMs: 1000,
  minBufferTimeMs: 500,
  latency: { targetMs: 1500, minMs: 800, maxMs: 4000 },
  utcTimingUrl: 'http://127.0.0.1:1/api/time',
  video: {
    codec: 'avc1.42c01f',
    bandwidth: 150_000,
    initUri: 'p1/video-init.mp4?token=a&b',
    mediaTemplate: 'p1/video-$Number$.m4s?token=a&b',
  },
  audio: {
    codec: 'opus',
    bandwidth: 11_000,
    sampleRate: 48000,
    channels: 2,
    initUri: 'p1/audio-init.mp4',
    mediaTemplate: 'p1/audio-$Number$.m4s',
  },
});

describe('parseDashTemplate', () => {
  it("reads the relay's MPD: clock origin and the video template", () => {
    const template = parseDashTemplate(MPD);
    expect(template).toEqual({
      availabilityStartMs: AST,
      dynamic: true,
      timescale: 1000,
      duration: 1000,
      startNumber: 0,
      availabilityTimeOffset: 0.75,
      initialization: 'p1/video-init.mp4?token=a&b',
      media: 'p1/video-$Number$.m4s?token=a&b',
    });
  });

  it('places segments on the clock', () => {
    const template = parseDashTemplate(MPD);
    expect(liveSegmentNumber(template, AST + 3500)).toBe(3);
    expect(liveSegmentNumber(template, AST - 10)).toBe(0);
    // Segment 3 covers [3 s, 4 s) and may be asked for one chunk in, 0.75 s before it is complete.
    expect(segmentAvailableAtMs(template, 3)).toBe(AST + 3250);
  });

  it('refuses what is not a usable MPD', () => {
    expect(() => parseDashTemplate('<html/>')).toThrow(SyntaxError);
    expect(() =>
      parseDashTemplate('<MPD type="dynamic"><AdaptationSet contentType="audio"></AdaptationSet></MPD>'),
    ).toThrow(/no video SegmentTemplate/);
  });
});
