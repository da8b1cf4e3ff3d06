import { boxCenter, type PixelBox, type Point } from './box-geometry';
import { normalizeRotation } from './scene-limits';

export interface RotateOptions {
  /** Snap to multiples of 15° (the modifier held). */
  step?: boolean;
  /** Without `step`, snap to 0/90/180/270 within this many degrees. Default 4. */
  snapDeg?: number;
}

/** Rotation step with the modifier held. */
export const ROTATE_STEP_DEG = 15;

/** Clockwise angle of `p` about `c`, 0 straight up (where the rotation handle sits). */
function pointerAngle(c: Point, p: Point): number {
  return (Math.atan2(p.x - c.x, -(p.y - c.y)) * 180) / Math.PI;
}

/**
 * The rotation while dragging the rotation handle: the box turns by the angle the pointer swept about
 * its centre since `startPointer`, so grabbing the handle off-centre does not make the box jump.
 * Returns degrees in (-180, 180].
 */
export function rotateDrag(
  start: PixelBox,
  startPointer: Point,
  pointer: Point,
  options: RotateOptions = {},
): number {
  const c = boxCenter(start);
  const raw = normalizeRotation(start.rotation + pointerAngle(c, pointer) - pointerAngle(c, startPointer));
  if (options.step) return normalizeRotation(Math.round(raw / ROTATE_STEP_DEG) * ROTATE_STEP_DEG);
  const right = Math.round(raw / 90) * 90;
  return Math.abs(raw - right) <= (options.snapDeg ?? 4) ? normalizeRotation(right) : raw;
}
