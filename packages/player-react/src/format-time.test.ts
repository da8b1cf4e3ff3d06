import { describe, expect, it } from 'vitest';
import { formatBehindLive, formatTime } from './format-time';
import { timeDisplayText } from './time-display-text';

describe('formatTime', () => {
  it('writes minutes and seconds, hours when needed', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(7.9)).toBe('0:07');
    expect(formatTime(83)).toBe('1:23');
    expect(formatTime(3723)).toBe('1:02:03');
  });
  it('never shows garbage for unknown times', () => {
    expect(formatTime(Number.NaN)).toBe('0:00');
    expect(formatTime(Infinity)).toBe('0:00');
    expect(formatTime(-3)).toBe('0:00');
  });
  it('writes the distance behind live with a minus', () => {
    expect(formatBehindLive(12.4)).toBe('-0:12');
  });
});

describe('timeDisplayText', () => {
  const vod = {
    live: false,
    atLiveEdge: false,
    currentTime: 83,
    duration: 296,
    seekable: { start: 0, end: 296 },
    liveLatency: undefined,
  };
  it('shows position and duration for VoD', () => {
    expect(timeDisplayText(vod)).toBe('1:23 / 4:56');
    expect(timeDisplayText({ ...vod, duration: Number.NaN })).toBe('1:23');
  });
  it('shows the distance behind live, nothing at the edge', () => {
    const live = {
      ...vod,
      live: true,
      duration: Infinity,
      seekable: { start: 100, end: 200 },
      currentTime: 188,
    };
    expect(timeDisplayText({ ...live, atLiveEdge: true })).toBeUndefined();
    expect(timeDisplayText(live)).toBe('-0:12');
    expect(timeDisplayText({ ...live, currentTime: 199.5 })).toBeUndefined();
  });
  it('falls back to the engine latency without a DVR window', () => {
    const webrtc = { ...vod, live: true, seekable: undefined, liveLatency: 31 };
    expect(timeDisplayText(webrtc)).toBe('-0:31');
  });
});
