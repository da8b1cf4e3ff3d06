import { describe, expect, it } from 'vitest';
import { cssToOutput, letterbox, outputToCss } from './view-mapping';

const HD = { width: 1920, height: 1080 };

describe('letterbox', () => {
  it('fills a box of the same aspect', () => {
    expect(letterbox({ width: 960, height: 540 }, HD)).toEqual({
      left: 0,
      top: 0,
      width: 960,
      height: 540,
      outputPerCss: 2,
    });
  });

  it('puts bars above and below in a taller box', () => {
    const view = letterbox({ width: 640, height: 480 }, HD);
    expect(view).toEqual({ left: 0, top: 60, width: 640, height: 360, outputPerCss: 3 });
  });

  it('puts bars left and right in a wider box', () => {
    const view = letterbox({ width: 1000, height: 360 }, { width: 1280, height: 720 });
    expect(view.width).toBeCloseTo(640);
    expect(view.left).toBeCloseTo(180);
    expect(view.top).toBe(0);
    expect(view.outputPerCss).toBeCloseTo(2);
  });

  it('is empty for a box not laid out yet', () => {
    expect(letterbox({ width: 0, height: 0 }, HD).width).toBe(0);
  });
});

describe('CSS px and output px', () => {
  const view = letterbox({ width: 640, height: 480 }, HD); // 60 px bars, 3 output px per CSS px

  it('maps the picture corners to the frame corners', () => {
    expect(cssToOutput(view, { x: 0, y: 60 })).toEqual({ x: 0, y: 0 });
    expect(cssToOutput(view, { x: 640, y: 420 })).toEqual({ x: 1920, y: 1080 });
    expect(cssToOutput(view, { x: 320, y: 240 })).toEqual({ x: 960, y: 540 });
  });

  it('maps a point on a bar outside the frame', () => {
    expect(cssToOutput(view, { x: 10, y: 30 })).toEqual({ x: 30, y: -90 });
  });

  it('round-trips', () => {
    const p = { x: 123.5, y: 777.25 };
    const back = cssToOutput(view, outputToCss(view, p));
    expect(back.x).toBeCloseTo(p.x);
    expect(back.y).toBeCloseTo(p.y);
  });
});
