import { describe, expect, it } from 'vitest';
import {
  formatBitrate,
  formatBytes,
  formatDb,
  formatDuration,
  formatFps,
  formatLoss,
  formatMs,
  formatResolution,
} from './format-stats';

describe('stats formatting', () => {
  it('formats values and shows a dash for unknowns', () => {
    expect(formatBitrate(812.4)).toBe('812 kb/s');
    expect(formatBitrate(2450)).toBe('2.45 Mb/s');
    expect(formatBitrate(undefined)).toBe('—');
    expect(formatFps(29.7, 30)).toBe('30 / 30');
    expect(formatFps(4.25, 30)).toBe('4.3 / 30');
    expect(formatResolution(1280, 720)).toBe('1280×720');
    expect(formatResolution(undefined, 720)).toBe('—');
    expect(formatMs(1.234)).toBe('1.2 ms');
    expect(formatMs(42.6)).toBe('43 ms');
    expect(formatLoss(3, 0.015)).toBe('3 (1.5%)');
  });
});

describe('durations, sizes and levels', () => {
  it('formats durations like a broadcast clock', () => {
    expect(formatDuration(7_400)).toBe('0:07');
    expect(formatDuration(751_000)).toBe('12:31');
    expect(formatDuration(3_729_000)).toBe('1:02:09');
  });
  it('formats sizes and levels', () => {
    expect(formatBytes(812_000)).toBe('812 KB');
    expect(formatBytes(14_200_000)).toBe('14.2 MB');
    expect(formatDb(-12.34)).toBe('-12.3');
    expect(formatDb(-Infinity)).toBe('-∞');
  });
});
