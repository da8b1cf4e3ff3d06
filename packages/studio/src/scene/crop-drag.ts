import {
  boxAround,
  boxCenter,
  handleSigns,
  minSizePx,
  rotateVector,
  toLocal,
  type PixelBox,
  type Point,
  type ResizeHandle,
  type Size,
} from './box-geometry';
import { MAX_CROP_SUM, clamp } from './scene-limits';
import type { Crop } from './scene-types';

export interface CropResult {
  box: PixelBox;
  crop: Crop;
}

/**
 * One axis of a crop drag. `size` is the box side, `near`/`far` the crop on the dragged side and the
 * opposite one, `inward` how far the pointer went into the box from the dragged edge. Returns the new
 * crop on the dragged side and how far the edge actually moved inward.
 */
function cropAxis(
  size: number,
  near: number,
  far: number,
  inward: number,
  minSize: number,
): [number, number] {
  // Pixels per unit of source: fixed during the drag, so the visible content neither moves nor scales.
  const scale = size / (1 - near - far);
  const maxByCrop = MAX_CROP_SUM - far;
  const maxBySize = near + Math.max(0, size - minSize) / scale;
  const next = clamp(near + inward / scale, 0, Math.max(near, Math.min(maxByCrop, maxBySize)));
  return [next, (next - near) * scale];
}

/**
 * Crops by dragging an edge (or corner) handle to `pointer`: the crop on that side grows or shrinks
 * and the box edge follows, so what stays visible stays exactly where it was on the frame (rotated
 * boxes included). Crop stays ≥ 0, opposite sides sum to ≤ MAX_CROP_SUM, the box keeps the minimum
 * size.
 */
export function cropDrag(
  start: PixelBox,
  startCrop: Crop,
  handle: ResizeHandle,
  pointer: Point,
  frame: Size,
): CropResult {
  const s = handleSigns(handle);
  const min = minSizePx(frame);
  const p = toLocal(start, pointer);
  const crop = { ...startCrop };
  const shift = { x: 0, y: 0 }; // centre shift in the box's axes
  let { width, height } = start;
  if (s.x !== 0) {
    const [nearKey, farKey] = s.x < 0 ? (['left', 'right'] as const) : (['right', 'left'] as const);
    const inward = s.x < 0 ? p.x + start.width / 2 : start.width / 2 - p.x;
    const [next, moved] = cropAxis(start.width, crop[nearKey], crop[farKey], inward, min.width);
    crop[nearKey] = next;
    width -= moved;
    shift.x = (-s.x * moved) / 2;
  }
  if (s.y !== 0) {
    const [nearKey, farKey] = s.y < 0 ? (['top', 'bottom'] as const) : (['bottom', 'top'] as const);
    const inward = s.y < 0 ? p.y + start.height / 2 : start.height / 2 - p.y;
    const [next, moved] = cropAxis(start.height, crop[nearKey], crop[farKey], inward, min.height);
    crop[nearKey] = next;
    height -= moved;
    shift.y = (-s.y * moved) / 2;
  }
  const c = boxCenter(start);
  const v = rotateVector(shift, start.rotation);
  return { box: boxAround({ x: c.x + v.x, y: c.y + v.y }, width, height, start.rotation), crop };
}
