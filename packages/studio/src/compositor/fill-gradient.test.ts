import { describe, expect, it } from 'vitest';
import { gradientLine } from './fill-gradient';

describe('gradientLine', () => {
  it('runs left to right at 0° and top to bottom at 90°', () => {
    const across = gradientLine(200, 100, 0);
    expect([across.x0, across.y0, across.x1, across.y1].map((v) => Math.round(v) + 0)).toEqual([
      0, 50, 200, 50,
    ]);
    const down = gradientLine(200, 100, 90);
    expect([down.x0, down.y0, down.x1, down.y1].map((v) => Math.round(v) + 0)).toEqual([100, 0, 100, 100]);
  });

  it('reaches past the box at a diagonal so the corners get the pure end colours', () => {
    const { x0, y0, x1, y1 } = gradientLine(100, 100, 45);
    // Projecting the bottom-right corner onto the line lands exactly on its end.
    const length = Math.hypot(x1 - x0, y1 - y0);
    const t = ((100 - x0) * (x1 - x0) + (100 - y0) * (y1 - y0)) / (length * length);
    expect(t).toBeCloseTo(1, 6);
  });
});
