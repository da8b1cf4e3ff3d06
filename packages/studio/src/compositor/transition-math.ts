import type { TransitionSpec } from '../scene/scene-types';
import { FULL_FRAME, type FrameRect } from './frame-rect';

export type TransitionDirection = NonNullable<TransitionSpec['direction']>;

/** Slow in, slow out: motion that starts and lands gently, as broadcast transitions do. */
export function easeInOutCubic(t: number): number {
  const x = Math.min(1, Math.max(0, t));
  return x < 0.5 ? 4 * x * x * x : 1 - (-2 * x + 2) ** 3 / 2;
}

/** Eased progress 0..1 of a transition `elapsedMs` into `durationMs` (a cut, or 0 ms, is done at once). */
export function transitionProgress(spec: TransitionSpec, elapsedMs: number): number {
  if (spec.kind === 'cut' || !(spec.durationMs > 0)) return 1;
  return easeInOutCubic(elapsedMs / spec.durationMs);
}

/** Whether a transition `elapsedMs` in has finished. */
export function transitionDone(spec: TransitionSpec, elapsedMs: number): boolean {
  return spec.kind === 'cut' || !(spec.durationMs > 0) || elapsedMs >= spec.durationMs;
}

/** Unit vector pointing from where the incoming scene starts toward the frame (its direction of travel). */
function travel(direction: TransitionDirection): { x: number; y: number } {
  switch (direction) {
    case 'left':
      return { x: 1, y: 0 };
    case 'right':
      return { x: -1, y: 0 };
    case 'up':
      return { x: 0, y: 1 };
    case 'down':
      return { x: 0, y: -1 };
  }
}

/**
 * Frame offsets (output units) of the outgoing and incoming scenes at progress `p` of a slide: the
 * incoming scene enters from `direction` (from the left: it starts one frame to the left) and pushes
 * the outgoing one out the other side.
 */
export function slideOffsets(
  direction: TransitionDirection,
  p: number,
): { from: { x: number; y: number }; to: { x: number; y: number } } {
  const v = travel(direction);
  // `+ 0` turns the −0 that sign flips of zero give into 0.
  return {
    from: { x: v.x * p + 0, y: v.y * p + 0 },
    to: { x: -v.x * (1 - p) + 0, y: -v.y * (1 - p) + 0 },
  };
}

/** The part of the frame (output units) the incoming scene covers at progress `p` of a wipe from `direction`. */
export function wipeRect(direction: TransitionDirection, p: number): FrameRect {
  switch (direction) {
    case 'left':
      return { x: 0, y: 0, width: p, height: 1 };
    case 'right':
      return { x: 1 - p, y: 0, width: p, height: 1 };
    case 'up':
      return { x: 0, y: 0, width: 1, height: p };
    case 'down':
      return { x: 0, y: 1 - p, width: 1, height: p };
  }
}

/**
 * One rendered scene placed on the output: the part `src` of its full-frame image drawn at `dst`
 * (both in output units) with `alpha`.
 */
export interface ScenePlacement {
  scene: 'from' | 'to';
  src: FrameRect;
  dst: FrameRect;
  alpha: number;
}

/**
 * What to draw, back to front, at progress `p` of a transition. Both renderers render each scene
 * whole into its own image first and then place those, so a fade blends two finished pictures
 * (overlapping layers of one scene never show through each other).
 */
export function transitionPlacements(spec: TransitionSpec, p: number): ScenePlacement[] {
  const whole = (scene: 'from' | 'to', alpha = 1): ScenePlacement => ({
    scene,
    src: { ...FULL_FRAME },
    dst: { ...FULL_FRAME },
    alpha,
  });
  if (p >= 1 || spec.kind === 'cut') return [whole('to')];
  const direction = spec.direction ?? 'left';
  switch (spec.kind) {
    case 'fade':
      return [whole('from'), whole('to', p)];
    case 'slide': {
      const offsets = slideOffsets(direction, p);
      const at = (offset: { x: number; y: number }): FrameRect => ({ ...FULL_FRAME, ...offset });
      return [
        { scene: 'from', src: { ...FULL_FRAME }, dst: at(offsets.from), alpha: 1 },
        { scene: 'to', src: { ...FULL_FRAME }, dst: at(offsets.to), alpha: 1 },
      ];
    }
    case 'wipe': {
      const rect = wipeRect(direction, p);
      return [whole('from'), { scene: 'to', src: rect, dst: { ...rect }, alpha: 1 }];
    }
  }
}
