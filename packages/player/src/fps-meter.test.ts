import { describe, expect, it } from 'vitest';
import { FpsMeter } from './fps-meter';

describe('FpsMeter', () => {
  it('is 0 until two frames arrived', () => {
    const m = new FpsMeter();
    expect(m.fps).toBe(0);
    m.frame(100);
    expect(m.fps).toBe(0);
  });
  it('measures a steady 30 fps', () => {
    const m = new FpsMeter();
    for (let i = 0; i < 90; i++) m.frame(i * (1000 / 30));
    expect(m.fps).toBeCloseTo(30, 5);
  });
  it('follows a rate change within one window', () => {
    const m = new FpsMeter(1000);
    let t = 0;
    for (let i = 0; i < 60; i++) m.frame((t += 1000 / 60));
    for (let i = 0; i < 40; i++) m.frame((t += 1000 / 20));
    expect(m.fps).toBeCloseTo(20, 0);
  });
});
