import {
  RESIZE_HANDLES,
  ROTATE_HANDLE_OFFSET_PX,
  containsPoint,
  handlePosition,
  toPixelBox,
  type Handle,
  type PixelBox,
  type Point,
  type Size,
} from './box-geometry';
import type { Scene } from './scene-types';

export type Hit = { kind: 'handle'; layerId: string; handle: Handle } | { kind: 'layer'; layerId: string };

export interface HitTestOptions {
  /** Output size in pixels; `point` is in the same pixels. */
  frame: Size;
  /** The selected layer, whose handles are tested first. */
  selectedLayerId?: string;
  /** How close to a handle counts as on it, in output pixels (the editor divides its screen tolerance by its zoom). */
  tolerancePx?: number;
  rotateHandleOffsetPx?: number;
}

/** The handle of `box` nearest to `point` within `tolerancePx`, if any. */
export function handleAt(
  box: PixelBox,
  point: Point,
  tolerancePx: number,
  rotateOffsetPx = ROTATE_HANDLE_OFFSET_PX,
): Handle | undefined {
  let best: Handle | undefined;
  let bestDistance = tolerancePx;
  // Nearest rather than first: on a small box the handles' zones overlap.
  for (const handle of [...RESIZE_HANDLES, 'rotate'] as const) {
    const p = handlePosition(box, handle, rotateOffsetPx);
    const d = Math.hypot(p.x - point.x, p.y - point.y);
    if (d <= bestDistance) [best, bestDistance] = [handle, d];
  }
  return best;
}

/** The topmost visible, unlocked layer whose (rotated) box holds `point`. */
export function layerAt(scene: Scene, point: Point, frame: Size): string | undefined {
  for (let i = scene.layers.length - 1; i >= 0; i--) {
    const layer = scene.layers[i]!;
    if (layer.visible && !layer.locked && containsPoint(toPixelBox(layer, frame), point)) return layer.id;
  }
  return undefined;
}

/**
 * What a pointer press at `point` grabs: a handle of the selected layer (unless it is locked), else the
 * topmost visible unlocked layer under it, else nothing.
 */
export function hitTest(scene: Scene, point: Point, options: HitTestOptions): Hit | undefined {
  const { frame, selectedLayerId, tolerancePx = 8, rotateHandleOffsetPx } = options;
  const selected = scene.layers.find((l) => l.id === selectedLayerId);
  if (selected && !selected.locked) {
    const handle = handleAt(toPixelBox(selected, frame), point, tolerancePx, rotateHandleOffsetPx);
    if (handle) return { kind: 'handle', layerId: selected.id, handle };
  }
  const layerId = layerAt(scene, point, frame);
  return layerId === undefined ? undefined : { kind: 'layer', layerId };
}
