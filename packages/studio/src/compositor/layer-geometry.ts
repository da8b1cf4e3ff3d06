import type { Crop, Layer } from '../scene/scene-types';
import type { FrameRect } from './frame-rect';

/**
 * A 2D affine transform in Canvas2D `setTransform(a, b, c, d, e, f)` order:
 * x' = a·x + c·y + e, y' = b·x + d·y + f.
 */
export type Matrix2D = readonly [a: number, b: number, c: number, d: number, e: number, f: number];

export type LayerBox = Pick<Layer, 'x' | 'y' | 'width' | 'height' | 'rotation'>;

/**
 * Maps the unit square (0..1 on both axes, y down) onto the layer's box in output pixels, turned
 * `rotation` degrees clockwise about the box centre. Both renderers draw a layer as the unit square
 * through this one matrix (Canvas2D via setTransform, WebGL via `clipSpaceMatrix`), so they cannot
 * disagree about where a layer goes.
 */
export function layerMatrix(box: LayerBox, frameWidth: number, frameHeight: number): Matrix2D {
  const width = box.width * frameWidth;
  const height = box.height * frameHeight;
  const cx = box.x * frameWidth + width / 2;
  const cy = box.y * frameHeight + height / 2;
  const radians = (box.rotation * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  // T(centre) · R(θ) · T(−w/2, −h/2) · S(w, h); with y pointing down, R turns clockwise on screen.
  return [
    cos * width,
    sin * width,
    -sin * height,
    cos * height,
    cx - (cos * width) / 2 + (sin * height) / 2,
    cy - (sin * width) / 2 - (cos * height) / 2,
  ];
}

export function transformPoint(m: Matrix2D, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** Where the layer's corners land in output pixels: top-left, top-right, bottom-right, bottom-left. */
export function layerCorners(box: LayerBox, frameWidth: number, frameHeight: number): [number, number][] {
  const m = layerMatrix(box, frameWidth, frameHeight);
  return [transformPoint(m, 0, 0), transformPoint(m, 1, 0), transformPoint(m, 1, 1), transformPoint(m, 0, 1)];
}

/**
 * `m` followed by the output-pixel → WebGL clip-space mapping (x to −1..1, y flipped so pixel row 0
 * is the top), as a column-major 3×3 matrix for `uniformMatrix3fv`.
 */
export function clipSpaceMatrix(m: Matrix2D, frameWidth: number, frameHeight: number): Float32Array {
  const sx = 2 / frameWidth;
  const sy = -2 / frameHeight;
  return new Float32Array([
    m[0] * sx,
    m[1] * sy,
    0,
    m[2] * sx,
    m[3] * sy,
    0,
    m[4] * sx - 1,
    m[5] * sy + 1,
    1,
  ]);
}

/** Clamps to 0..1; NaN (a corrupt document) counts as 0 so a bad value cannot hide the layer. */
function unit(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/**
 * The part of the source left after cropping, in source units (0..1), or undefined when the crop
 * leaves nothing to draw (left + right ≥ 1 or top + bottom ≥ 1).
 */
export function cropRect(crop: Crop): FrameRect | undefined {
  const left = unit(crop.left);
  const top = unit(crop.top);
  const width = 1 - left - unit(crop.right);
  const height = 1 - top - unit(crop.bottom);
  if (width <= 0 || height <= 0) return undefined;
  return { x: left, y: top, width, height };
}
