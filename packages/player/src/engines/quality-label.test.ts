import { describe, expect, it } from 'vitest';
import { formatQualityLabel } from './quality-label';

describe('formatQualityLabel', () => {
  it('joins height and bitrate', () => {
    expect(formatQualityLabel({ height: 720, bitrate: 1_800_000 })).toBe('720p · 1.8 Mbps');
    expect(formatQualityLabel({ height: 360, bitrate: 600_000 })).toBe('360p · 600 kbps');
    expect(formatQualityLabel({ height: 1080, bitrate: 5_000_000 })).toBe('1080p · 5 Mbps');
  });

  it('switches to Mbps where kbps would round to 1000', () => {
    expect(formatQualityLabel({ bitrate: 999_400 })).toBe('999 kbps');
    expect(formatQualityLabel({ bitrate: 999_600 })).toBe('1 Mbps');
    expect(formatQualityLabel({ bitrate: 9_960_000 })).toBe('10 Mbps');
    expect(formatQualityLabel({ bitrate: 12_345_678 })).toBe('12 Mbps');
    expect(formatQualityLabel({ bitrate: 300 })).toBe('1 kbps');
  });

  it('leaves out what is unknown', () => {
    expect(formatQualityLabel({ height: 480 })).toBe('480p');
    expect(formatQualityLabel({ height: 0, bitrate: 2_500_000 })).toBe('2.5 Mbps');
    expect(formatQualityLabel({ height: NaN, bitrate: NaN })).toBe('Unknown');
    expect(formatQualityLabel({}, 'video 3')).toBe('video 3');
  });
});
