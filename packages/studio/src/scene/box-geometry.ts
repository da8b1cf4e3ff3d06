/**
 * Canvas editing works in output pixels (the editor passes the output size), layers store boxes in
 * output-frame units (0..1): this file is the one place that converts between them, and holds the
 * maths of rotated boxes. Pixels have y downwards and rotation is clockwise on screen, as in Canvas2D.
 */
import { MIN_LAYER_SIZE, normalizeRotation } from './scene-limits';
import type { LayerBox } from './layer-box';

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** A layer's box in output pixels, with its rotation in degrees clockwise about the box centre. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
}

/** The part of a layer that is geometry: what the canvas editor reads and writes back. */
export type LayerGeometry = LayerBox & { rotation: number };

export function toPixelBox(layer: LayerGeometry, frame: Size): PixelBox {
  return {
    x: layer.x * frame.width,
    y: layer.y * frame.height,
    width: layer.width * frame.width,
    height: layer.height * frame.height,
    rotation: layer.rotation,
  };
}

/** Back to frame units: a patch for `updateLayer`. */
export function toLayerGeometry(box: PixelBox, frame: Size): LayerGeometry {
  return {
    x: box.x / frame.width,
    y: box.y / frame.height,
    width: box.width / frame.width,
    height: box.height / frame.height,
    rotation: normalizeRotation(box.rotation),
  };
}

/** The smallest box the editor makes, in pixels of this frame. */
export function minSizePx(frame: Size): Size {
  return { width: MIN_LAYER_SIZE * frame.width, height: MIN_LAYER_SIZE * frame.height };
}

export function boxCenter(box: PixelBox): Point {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Rotates a vector clockwise (on a y-down screen) by `degrees`. */
export function rotateVector(v: Point, degrees: number): Point {
  const a = (degrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(a), Math.sin(a)];
  return { x: v.x * cos - v.y * sin, y: v.x * sin + v.y * cos };
}

/** A frame point in the box's own axes, origin at the box centre (unrotated). */
export function toLocal(box: PixelBox, point: Point): Point {
  const c = boxCenter(box);
  return rotateVector({ x: point.x - c.x, y: point.y - c.y }, -box.rotation);
}

/** A point in the box's own axes (origin at its centre) back to frame pixels. */
export function toFrame(box: PixelBox, local: Point): Point {
  const c = boxCenter(box);
  const v = rotateVector(local, box.rotation);
  return { x: c.x + v.x, y: c.y + v.y };
}

/** A box of the given size whose centre is at `center`. */
export function boxAround(center: Point, width: number, height: number, rotation: number): PixelBox {
  return { x: center.x - width / 2, y: center.y - height / 2, width, height, rotation };
}

export function containsPoint(box: PixelBox, point: Point): boolean {
  const p = toLocal(box, point);
  return Math.abs(p.x) <= box.width / 2 && Math.abs(p.y) <= box.height / 2;
}

/** The axis-aligned bounds of a (rotated) box. */
export function boundsOf(box: PixelBox): { left: number; top: number; right: number; bottom: number } {
  const corners = [
    { x: -box.width / 2, y: -box.height / 2 },
    { x: box.width / 2, y: -box.height / 2 },
    { x: box.width / 2, y: box.height / 2 },
    { x: -box.width / 2, y: box.height / 2 },
  ].map((p) => toFrame(box, p));
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  return { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) };
}

/** Resize (and crop) handles, by compass direction; `rotate` sits above the top edge. */
export type ResizeHandle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
export type Handle = ResizeHandle | 'rotate';

export const RESIZE_HANDLES: readonly ResizeHandle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/** How far above the top edge the rotation handle is drawn, in output pixels. */
export const ROTATE_HANDLE_OFFSET_PX = 30;

/** Which way a handle moves each axis: -1 the left/top edge, 1 the right/bottom one, 0 neither. */
export function handleSigns(handle: ResizeHandle): Point {
  return {
    x: handle.includes('w') ? -1 : handle.includes('e') ? 1 : 0,
    y: handle.includes('n') ? -1 : handle.includes('s') ? 1 : 0,
  };
}

/** Where a handle is, in frame pixels (for drawing it and hit testing). */
export function handlePosition(
  box: PixelBox,
  handle: Handle,
  rotateOffsetPx = ROTATE_HANDLE_OFFSET_PX,
): Point {
  if (handle === 'rotate') return toFrame(box, { x: 0, y: -box.height / 2 - rotateOffsetPx });
  const s = handleSigns(handle);
  return toFrame(box, { x: (s.x * box.width) / 2, y: (s.y * box.height) / 2 });
}
