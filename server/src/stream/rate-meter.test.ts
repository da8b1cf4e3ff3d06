import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter';

describe('RateMeter', () => {
  it('measures bitrate and frame rate over the window', () => {
    const meter = new RateMeter(2000);
    // 30 fps, 3 packets of 1000 bytes per frame, for 2 s.
    for (let frame = 0; frame < 60; frame++) {
      for (let packet = 0; packet < 3; packet++) meter.add(1000, frame * 3000, 1000 + (frame * 1000) / 30);
    }
    const { bitrate, fps } = meter.read(3000);
    expect(fps).toBe(30);
    expect(bitrate).toBe(720_000);
  });

  it('forgets old samples', () => {
    const meter = new RateMeter(1000);
    meter.add(500, 1, 0);
    expect(meter.read(5000)).toEqual({ bitrate: 0, fps: 0 });
  });
});
