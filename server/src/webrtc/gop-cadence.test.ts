import { describe, expect, it } from 'vitest';
import type { AccessUnit } from '../media/access-unit';
import { GopCadence } from './gop-cadence';

const frame = (ms: number, keyframe = false): AccessUnit => ({
  kind: 'video',
  dts: ms * 90,
  cts: 0,
  keyframe,
  data: new Uint8Array(1),
  streamMs: ms,
});

describe('GopCadence', () => {
  it('asks once the GOP reaches its length, again half a GOP later if none came, and restarts on a keyframe', () => {
    const asked: number[] = [];
    let now = 0;
    const cadence = new GopCadence(2000, () => asked.push(now));
    for (now = 0; now <= 4000; now += 100) cadence.observe(frame(now, now === 0 || now === 3500));
    // Due at 2000; not answered, asked again at 3000; the keyframe at 3500 restarts the count.
    expect(asked).toEqual([2000, 3000]);
  });

  it('asks nothing before the first keyframe, or with no cadence', () => {
    let asked = 0;
    const before = new GopCadence(1000, () => asked++);
    for (let ms = 0; ms < 5000; ms += 100) before.observe(frame(ms));
    const off = new GopCadence(0, () => asked++);
    for (let ms = 0; ms < 5000; ms += 100) off.observe(frame(ms, ms === 0));
    expect(asked).toBe(0);
  });
});
