/**
 * Moving and resizing a layer on the canvas, with snapping to the frame's edges and centre lines and
 * to the other visible layers' edges and centres. All in output pixels.
 */
import {
  boundsOf,
  boxAround,
  boxCenter,
  handleSigns,
  minSizePx,
  rotateVector,
  toLocal,
  toPixelBox,
  type PixelBox,
  type Point,
  type ResizeHandle,
  type Size,
} from './box-geometry';
import type { Scene } from './scene-types';

/** A line to draw while snapped: `x` is a vertical line at x = position, `y` a horizontal one. */
export interface Guide {
  axis: 'x' | 'y';
  position: number;
}

/** Lines a moving box may snap to, per axis. */
export interface SnapTargets {
  x: number[];
  y: number[];
}

export interface SnapOptions {
  /** How close an edge must come to a line to snap, in output pixels. Default 8. */
  thresholdPx?: number;
  /** False while the user holds the "no snapping" modifier. Default true. */
  snap?: boolean;
}

export interface SnapResult {
  box: PixelBox;
  guides: Guide[];
}

const DEFAULT_THRESHOLD_PX = 8;
/** Lines closer than this are drawn as guides: the box sits on them (floating-point slack). */
const ON_LINE_PX = 0.5;

/**
 * The frame's edges and centre lines, and the edges and centres of the other visible layers' bounds
 * (a rotated layer offers its axis-aligned bounds).
 */
export function snapTargets(scene: Scene, frame: Size, movingLayerId: string): SnapTargets {
  const x = [0, frame.width / 2, frame.width];
  const y = [0, frame.height / 2, frame.height];
  for (const layer of scene.layers) {
    if (!layer.visible || layer.id === movingLayerId) continue;
    const b = boundsOf(toPixelBox(layer, frame));
    x.push(b.left, (b.left + b.right) / 2, b.right);
    y.push(b.top, (b.top + b.bottom) / 2, b.bottom);
  }
  return { x, y };
}

/** The smallest shift that puts one of `lines` on one of `targets`, within `threshold`. */
function nearestSnap(lines: number[], targets: number[], threshold: number): number | undefined {
  let best: number | undefined;
  for (const line of lines) {
    for (const target of targets) {
      const shift = target - line;
      if (Math.abs(shift) <= threshold && (best === undefined || Math.abs(shift) < Math.abs(best)))
        best = shift;
    }
  }
  return best;
}

/** Guides for every target that one of the box's lines now lies on. */
function guidesFor(lines: { x: number[]; y: number[] }, targets: SnapTargets): Guide[] {
  const guides: Guide[] = [];
  for (const axis of ['x', 'y'] as const) {
    const on = targets[axis].filter((t) => lines[axis].some((l) => Math.abs(l - t) <= ON_LINE_PX));
    for (const position of new Set(on)) guides.push({ axis, position });
  }
  return guides;
}

function edgeLines(box: PixelBox): { x: number[]; y: number[] } {
  const b = boundsOf(box);
  return { x: [b.left, (b.left + b.right) / 2, b.right], y: [b.top, (b.top + b.bottom) / 2, b.bottom] };
}

/**
 * A drag by `delta` from the box at the start of the drag. Each axis snaps independently: the
 * nearest pair of (box edge or centre, target) within the threshold wins.
 */
export function dragMove(
  start: PixelBox,
  delta: Point,
  targets: SnapTargets,
  options: SnapOptions = {},
): SnapResult {
  const moved = { ...start, x: start.x + delta.x, y: start.y + delta.y };
  if (options.snap === false) return { box: moved, guides: [] };
  const threshold = options.thresholdPx ?? DEFAULT_THRESHOLD_PX;
  const lines = edgeLines(moved);
  const dx = nearestSnap(lines.x, targets.x, threshold) ?? 0;
  const dy = nearestSnap(lines.y, targets.y, threshold) ?? 0;
  const box = { ...moved, x: moved.x + dx, y: moved.y + dy };
  return { box, guides: guidesFor(edgeLines(box), targets) };
}

export interface ResizeOptions extends SnapOptions {
  /** Keep the box's aspect ratio (shift held, or an aspect-locked source). */
  keepAspect?: boolean;
  /** Output size, for the minimum layer size. */
  frame: Size;
}

/**
 * Resizes from a handle dragged to `pointer`: the opposite corner (or edge) stays where it is, also
 * on a rotated box. With `keepAspect` a corner scales both sides by the larger change and an edge
 * scales the other side about its centre line. Never smaller than the minimum layer size, never
 * flipped. The moving edges snap only on an unrotated box (guides are axis-aligned).
 */
export function resizeBox(
  start: PixelBox,
  handle: ResizeHandle,
  pointer: Point,
  targets: SnapTargets,
  options: ResizeOptions,
): SnapResult {
  const s = handleSigns(handle);
  const min = minSizePx(options.frame);
  // The fixed point, in the box's own axes (origin at its centre).
  const anchor = { x: (-s.x * start.width) / 2, y: (-s.y * start.height) / 2 };
  const p = toLocal(start, pointer);
  let width = s.x === 0 ? start.width : s.x * (p.x - anchor.x);
  let height = s.y === 0 ? start.height : s.y * (p.y - anchor.y);

  const snapping = options.snap !== false && Math.abs(start.rotation) < 1e-9;
  const threshold = options.thresholdPx ?? DEFAULT_THRESHOLD_PX;
  // Unrotated: frame position of the fixed edges, so a moving edge at `anchorFrame + s * size`.
  const c0 = boxCenter(start);
  const anchorFrame = { x: c0.x + anchor.x, y: c0.y + anchor.y };
  const snapShift = (axis: 'x' | 'y', size: number): number | undefined => {
    const sign = s[axis];
    if (!snapping || sign === 0) return undefined;
    const shift = nearestSnap([anchorFrame[axis] + sign * size], targets[axis], threshold);
    return shift === undefined ? undefined : sign * shift;
  };

  if (options.keepAspect) {
    let scale =
      s.x !== 0 && s.y !== 0
        ? Math.max(width / start.width, height / start.height)
        : s.x !== 0
          ? width / start.width
          : height / start.height;
    const snapX = snapShift('x', scale * start.width);
    const snapY = snapShift('y', scale * start.height);
    // One axis decides (the one closer to its line); the other follows the ratio.
    if (snapX !== undefined && (snapY === undefined || Math.abs(snapX) <= Math.abs(snapY))) {
      scale = (scale * start.width + snapX) / start.width;
    } else if (snapY !== undefined) {
      scale = (scale * start.height + snapY) / start.height;
    }
    scale = Math.max(scale, min.width / start.width, min.height / start.height);
    width = start.width * scale;
    height = start.height * scale;
  } else {
    width += snapShift('x', width) ?? 0;
    height += snapShift('y', height) ?? 0;
    width = Math.max(width, min.width);
    height = Math.max(height, min.height);
  }

  // New centre in the old box's axes: the anchor plus half the new size along the moving axes; an
  // axis no handle moves keeps its centre line.
  const centerLocal = {
    x: s.x === 0 ? 0 : anchor.x + (s.x * width) / 2,
    y: s.y === 0 ? 0 : anchor.y + (s.y * height) / 2,
  };
  const v = rotateVector(centerLocal, start.rotation);
  const box = boxAround({ x: c0.x + v.x, y: c0.y + v.y }, width, height, start.rotation);
  if (!snapping) return { box, guides: [] };
  const moving = {
    x: s.x === 0 ? [] : [box.x + (s.x > 0 ? box.width : 0)],
    y: s.y === 0 ? [] : [box.y + (s.y > 0 ? box.height : 0)],
  };
  return { box, guides: guidesFor(moving, targets) };
}

export type NudgeDirection = 'left' | 'right' | 'up' | 'down';

/** Keyboard nudge: 1 px, or 10 px with shift (`large`). */
export function nudge(box: PixelBox, direction: NudgeDirection, large = false): PixelBox {
  const step = large ? 10 : 1;
  const [dx, dy] = { left: [-step, 0], right: [step, 0], up: [0, -step], down: [0, step] }[direction];
  return { ...box, x: box.x + dx!, y: box.y + dy! };
}
