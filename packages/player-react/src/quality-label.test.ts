import type { QualityLevel } from '@brume/player';
import { describe, expect, it } from 'vitest';
import { formatMbps, qualityLabel, qualityShortLabel, qualitySummary, sortQualities } from './quality-label';
import { DEFAULT_STRINGS } from './strings';

const hd: QualityLevel = { id: 'a', height: 720, width: 1280, bitrate: 2_500_000, label: 'level 1' };
const sd: QualityLevel = { id: 'b', height: 360, width: 640, bitrate: 800_000, label: 'level 0' };
const full: QualityLevel = { id: 'c', height: 1080, bitrate: 12_400_000, label: 'level 2' };

describe('quality labels', () => {
  it('formats bitrates the way renditions are named', () => {
    expect(formatMbps(2_500_000)).toBe('2.5 Mbps');
    expect(formatMbps(5_000_000)).toBe('5 Mbps');
    expect(formatMbps(12_400_000)).toBe('12 Mbps');
    expect(formatMbps(800_000)).toBe('800 kbps');
  });
  it('names renditions by height and bitrate, else by the engine label', () => {
    expect(qualityLabel(hd)).toBe('720p · 2.5 Mbps');
    expect(qualityLabel({ id: 'x', bitrate: 800_000, label: '' })).toBe('800 kbps');
    expect(qualityLabel({ id: 'x', label: 'Source' })).toBe('Source');
    expect(qualityLabel({ id: 'x', label: '' })).toBe('x');
    expect(qualityShortLabel(hd)).toBe('720p');
  });
  it('sorts the best first', () => {
    expect(sortQualities([sd, full, hd]).map((level) => level.id)).toEqual(['c', 'a', 'b']);
  });
  it('summarises Auto with the rendition on screen, or the chosen one', () => {
    const qualities = [hd, sd];
    expect(qualitySummary({ qualities, quality: 'auto', activeQuality: 'a' }, DEFAULT_STRINGS)).toEqual({
      label: 'Auto (720p)',
      short: '720p',
    });
    expect(qualitySummary({ qualities, quality: 'auto' }, DEFAULT_STRINGS)).toEqual({
      label: 'Auto',
      short: 'Auto',
    });
    expect(qualitySummary({ qualities, quality: 'b', activeQuality: 'b' }, DEFAULT_STRINGS)).toEqual({
      label: '360p · 800 kbps',
      short: '360p',
    });
  });
});
