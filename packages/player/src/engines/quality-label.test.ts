import { describe, expect, it } from 'vitest';
import { formatQualityLabel } from './quality-label';

describe('formatQualityLabel', () => {
  it('joins height and bitrate', () => {
    expect(formatQualityLabel({ height: 720, bitrate: 1_800_000 })).toBe('720p · 1.8 Mbps');
    expect(formatQualityLabel({ height: 1080, bitrate: 6_000_000 })).toBe('1080p · 6 Mbps');
  });

  it('writes kbps below 1 Mbps and whole Mbps from 10 up', () => {
    expect(formatQualityLabel({ height: 360, bitrate: 600_000 })).toBe('360p · 600 kbps');
    expect(formatQualityLabel({ bitrate: 999_600 })).toBe('1 Mbps');
    expect(formatQualityLabel({ bitrate: 12_345_678 })).toBe('12 Mbps');
    expect(formatQualityLabel({ bitrate: 64 })).toBe('1 kbps');
  });

  it('shows what is known', () => {
    expect(formatQualityLabel({ height: 480 })).toBe('480p');
    expect(formatQualityLabel({ bitrate: 128_000 })).toBe('128 kbps');
    expect(formatQualityLabel({ height: 0, bitrate: 0 })).toBe('unknown quality');
    expect(formatQualityLabel({})).toBe('unknown quality');
  });
});
