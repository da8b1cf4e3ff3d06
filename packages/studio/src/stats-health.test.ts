import { describe, expect, it } from 'vitest';
import { fpsHealth, lossHealth, qualityLimitationHealth, renderTimeHealth } from './stats-health';

describe('stats health (OBS thresholds)', () => {
  it('colours fps against the target: < 95% warn, < 80% error', () => {
    expect(fpsHealth(30, 30)).toBe('ok');
    expect(fpsHealth(28.5, 30)).toBe('ok');
    expect(fpsHealth(28.4, 30)).toBe('warn');
    expect(fpsHealth(24, 30)).toBe('warn');
    expect(fpsHealth(23.9, 30)).toBe('error');
    expect(fpsHealth(undefined, 30)).toBeUndefined();
  });

  it('colours loss at 1% and 5%', () => {
    expect(lossHealth(0)).toBe('ok');
    expect(lossHealth(0.01)).toBe('warn');
    expect(lossHealth(0.05)).toBe('error');
  });

  it('warns on any quality limitation', () => {
    expect(qualityLimitationHealth('none')).toBe('ok');
    expect(qualityLimitationHealth('cpu')).toBe('warn');
    expect(qualityLimitationHealth('bandwidth')).toBe('warn');
  });
});

describe('renderTimeHealth', () => {
  it('warns past 75 % of the frame budget and errors past all of it', () => {
    expect(renderTimeHealth(undefined, 30)).toBeUndefined();
    expect(renderTimeHealth(20, 30)).toBe('ok');
    expect(renderTimeHealth(26, 30)).toBe('warn');
    expect(renderTimeHealth(34, 30)).toBe('error');
    expect(renderTimeHealth(13, 60)).toBe('warn');
  });
});
