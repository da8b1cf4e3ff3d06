import { describe, expect, it } from 'vitest';
import { GopCadence } from './gop-cadence';

describe('GopCadence', () => {
  it('asks once per interval, lead ms before each boundary of stream time', () => {
    const asked: number[] = [];
    let now = 0;
    const cadence = new GopCadence(1000, () => asked.push(now), 150);
    for (now = 0; now <= 3000; now += 50) cadence.observe(now);
    expect(asked).toEqual([850, 1850, 2850]);
  });

  it('asks nothing with no cadence', () => {
    let asked = 0;
    const off = new GopCadence(0, () => asked++);
    for (let ms = 0; ms < 5000; ms += 100) off.observe(ms);
    expect(asked).toBe(0);
  });
});
