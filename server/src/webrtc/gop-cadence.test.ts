import { describe, expect, it } from 'vitest';
import type { AccessUnit } from '../media/access-unit';
import { GopCadence } from './gop-cadence';

const frame = (ms: number): AccessUnit => ({
  kind: 'video',
  dts: ms * 90,
  cts: 0,
  keyframe: false,
  data: new Uint8Array(1),
  streamMs: ms,
});

describe('GopCadence', () => {
  it('asks once per interval, lead ms before each boundary of stream time', () => {
    const asked: number[] = [];
    let now = 0;
    const cadence = new GopCadence(1000, () => asked.push(now), 150);
    for (now = 0; now <= 3000; now += 50) cadence.observe(frame(now));
    expect(asked).toEqual([850, 1850, 2850]);
  });

  it('asks nothing with no cadence', () => {
    let asked = 0;
    const off = new GopCadence(0, () => asked++);
    for (let ms = 0; ms < 5000; ms += 100) off.observe(frame(ms));
    expect(asked).toBe(0);
  });
});
