import {
  cropDrag,
  dragMove,
  handlePosition,
  resizeBox,
  rotateDrag,
  snapTargets,
  toLayerGeometry,
  toPixelBox,
  type Crop,
  type Guide,
  type Hit,
  type LayerPatch,
  type PixelBox,
  type Point,
  type ResizeHandle,
  type Scene,
  type Size,
  type SnapTargets,
} from '@brume/studio';

/** What a pointer press on the canvas editor starts. */
export type Gesture =
  | { kind: 'move'; layerId: string }
  | { kind: 'resize'; layerId: string; handle: ResizeHandle }
  | { kind: 'rotate'; layerId: string }
  | { kind: 'crop'; layerId: string; handle: ResizeHandle };

/**
 * A press on a layer moves it; on a handle of the selected layer it resizes, rotates, or with Alt
 * crops (as in OBS). A press on nothing starts nothing (the editor deselects).
 */
export function gestureFor(hit: Hit | undefined, modifiers: { altKey: boolean }): Gesture | undefined {
  if (!hit) return undefined;
  if (hit.kind === 'layer') return { kind: 'move', layerId: hit.layerId };
  if (hit.handle === 'rotate') return { kind: 'rotate', layerId: hit.layerId };
  return { kind: modifiers.altKey ? 'crop' : 'resize', layerId: hit.layerId, handle: hit.handle };
}

/** A drag in progress: the layer as it was at the press, which every update starts from. */
export interface Drag {
  gesture: Gesture;
  frame: Size;
  box: PixelBox;
  crop: Crop;
  /** The press point, output px. */
  pointer: Point;
  /**
   * The press point minus the grabbed handle's exact position: a handle taken a few pixels off its
   * centre follows the pointer from where it is instead of jumping under it.
   */
  grabOffset: Point;
  targets: SnapTargets;
  snapThresholdPx: number;
}

export interface DragOptions {
  frame: Size;
  /** How close counts for snapping, in output px (the editor scales its CSS-px threshold). */
  snapThresholdPx: number;
}

/** Begins a drag on `gesture`'s layer, or undefined if the scene does not have it. */
export function startDrag(
  scene: Scene,
  gesture: Gesture,
  pointer: Point,
  options: DragOptions,
): Drag | undefined {
  const layer = scene.layers.find((l) => l.id === gesture.layerId);
  if (!layer) return undefined;
  const box = toPixelBox(layer, options.frame);
  const handle = gesture.kind === 'resize' || gesture.kind === 'crop' ? gesture.handle : undefined;
  const at = handle ? handlePosition(box, handle) : pointer;
  return {
    gesture,
    frame: options.frame,
    box,
    crop: { ...layer.crop },
    pointer,
    grabOffset: { x: pointer.x - at.x, y: pointer.y - at.y },
    // Taken once: the other layers do not move while this one is dragged.
    targets: snapTargets(scene, options.frame, layer.id),
    snapThresholdPx: options.snapThresholdPx,
  };
}

/** Whether the pointer has gone far enough from the press for a drag (not a click) to begin. */
export function pastDeadZone(drag: Drag, pointer: Point, radiusPx: number): boolean {
  return Math.hypot(pointer.x - drag.pointer.x, pointer.y - drag.pointer.y) >= radiusPx;
}

/** Shift keeps the aspect (resize) or turns in 15° steps (rotate); Ctrl/Cmd turns snapping off. */
export interface DragModifiers {
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export interface DragUpdate {
  /** For `updateLayer`: only what this gesture changes. */
  patch: LayerPatch;
  /** Snap lines to draw, output px. */
  guides: Guide[];
}

function boxPatch(box: PixelBox, frame: Size): LayerPatch {
  const { x, y, width, height } = toLayerGeometry(box, frame);
  return { x, y, width, height };
}

/** The layer change for the pointer now at `pointer` (output px). */
export function updateDrag(drag: Drag, pointer: Point, modifiers: DragModifiers): DragUpdate {
  const { gesture, frame, box } = drag;
  const snap = { snap: !(modifiers.ctrlKey || modifiers.metaKey), thresholdPx: drag.snapThresholdPx };
  const handleAt = { x: pointer.x - drag.grabOffset.x, y: pointer.y - drag.grabOffset.y };
  switch (gesture.kind) {
    case 'move': {
      const delta = { x: pointer.x - drag.pointer.x, y: pointer.y - drag.pointer.y };
      const moved = dragMove(box, delta, drag.targets, snap);
      const { x, y } = toLayerGeometry(moved.box, frame);
      return { patch: { x, y }, guides: moved.guides };
    }
    case 'resize': {
      const resized = resizeBox(box, gesture.handle, handleAt, drag.targets, {
        ...snap,
        frame,
        keepAspect: modifiers.shiftKey,
      });
      return { patch: boxPatch(resized.box, frame), guides: resized.guides };
    }
    case 'rotate':
      return {
        patch: { rotation: rotateDrag(box, drag.pointer, pointer, { step: modifiers.shiftKey }) },
        guides: [],
      };
    case 'crop': {
      const cropped = cropDrag(box, drag.crop, gesture.handle, handleAt, frame);
      return { patch: { ...boxPatch(cropped.box, frame), crop: cropped.crop }, guides: [] };
    }
  }
}
