import { describe, expect, it } from 'vitest';
import { clipSpaceMatrix, cropRect, layerCorners, layerMatrix, transformPoint } from './layer-geometry';

const box = { x: 0.25, y: 0.5, width: 0.5, height: 0.25, rotation: 0 };

function close(points: [number, number][], expected: [number, number][]): void {
  expect(points).toHaveLength(expected.length);
  points.forEach(([x, y], i) => {
    expect(x).toBeCloseTo(expected[i]![0], 6);
    expect(y).toBeCloseTo(expected[i]![1], 6);
  });
}

describe('layerMatrix', () => {
  it('maps the unit square onto the box in output pixels', () => {
    close(layerCorners(box, 1920, 1080), [
      [480, 540],
      [1440, 540],
      [1440, 810],
      [480, 810],
    ]);
  });

  it('turns the box clockwise about its centre', () => {
    // A 200×100 box centred at (960, 540), turned 90°: its top edge becomes the right edge.
    const square = { x: 860 / 1920, y: 490 / 1080, width: 200 / 1920, height: 100 / 1080, rotation: 90 };
    close(layerCorners(square, 1920, 1080), [
      [1010, 440],
      [1010, 640],
      [910, 640],
      [910, 440],
    ]);
    const m = layerMatrix(square, 1920, 1080);
    close([transformPoint(m, 0.5, 0.5)], [[960, 540]]);
  });

  it('keeps the centre fixed at any angle', () => {
    for (const rotation of [-170, -45, 30, 181]) {
      const m = layerMatrix({ ...box, rotation }, 1280, 720);
      close([transformPoint(m, 0.5, 0.5)], [[640, 450]]);
    }
  });
});

describe('clipSpaceMatrix', () => {
  it('sends pixel row 0 to the top of clip space and the frame to −1..1', () => {
    const full = layerMatrix({ x: 0, y: 0, width: 1, height: 1, rotation: 0 }, 1280, 720);
    const m = clipSpaceMatrix(full, 1280, 720);
    const apply = (x: number, y: number) => [m[0]! * x + m[3]! * y + m[6]!, m[1]! * x + m[4]! * y + m[7]!];
    expect(apply(0, 0)).toEqual([-1, 1]);
    expect(apply(1, 1)).toEqual([1, -1]);
    expect(apply(0.5, 0.5)).toEqual([0, 0]);
  });
});

describe('cropRect', () => {
  it('returns what is left of the source after each edge is cut', () => {
    const rect = cropRect({ left: 0.1, top: 0.2, right: 0.3, bottom: 0.4 })!;
    expect(rect.x).toBeCloseTo(0.1);
    expect(rect.y).toBeCloseTo(0.2);
    expect(rect.width).toBeCloseTo(0.6);
    expect(rect.height).toBeCloseTo(0.4);
  });

  it('returns nothing when the crop leaves nothing', () => {
    expect(cropRect({ left: 0.5, top: 0, right: 0.5, bottom: 0 })).toBeUndefined();
    expect(cropRect({ left: 0, top: 0.7, right: 0, bottom: 0.4 })).toBeUndefined();
  });

  it('clamps out-of-range and non-finite values instead of failing', () => {
    expect(cropRect({ left: -1, top: Number.NaN, right: 0, bottom: 0 })).toEqual({
      x: 0,
      y: 0,
      width: 1,
      height: 1,
    });
  });
});
