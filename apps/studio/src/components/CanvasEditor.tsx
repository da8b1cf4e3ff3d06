import {
  RESIZE_HANDLES,
  boundsOf,
  duplicateLayer,
  handleSigns,
  hitTest,
  nudge,
  removeLayer,
  toLayerGeometry,
  toPixelBox,
  updateLayer,
  type Guide,
  type Layer,
  type LayerPatch,
  type PixelBox,
  type Point,
  type ResizeHandle,
  type Size,
} from '@brume/studio';
import { useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { gestureFor, pastDeadZone, startDrag, updateDrag, type Drag } from '../editor/drag-gesture';
import { editorKeyAction } from '../editor/editor-keys';
import { rotateHandleOffset } from '../editor/handle-placement';
import { cssToOutput, letterbox } from '../editor/view-mapping';
import { useStudio, useStudioState } from '../studio-context';
import { useElementSize } from './use-element-size';

export interface CanvasEditorProps {
  /** The scene being edited (the preview in studio mode, else the program). */
  sceneId: string;
  /** The output frame in px (the compositor's size): the editor works in these pixels. */
  frame: Size;
  /** The picture (a `<video>` or `<canvas>`) filling the editor, letterboxed with `object-fit: contain`. */
  children: ReactNode;
}

// Sizes on screen, in CSS px: the same at any zoom, converted to output px where the maths needs them.
const HANDLE_CSS_PX = 10;
const HANDLE_HIT_CSS_PX = 9;
const ROTATE_OFFSET_CSS_PX = 24;
const SNAP_CSS_PX = 6;
/** A press that moves less than this is a click (select), not a drag. */
const DEAD_ZONE_CSS_PX = 3;
const LABEL_CSS_PX = 12;

const HANDLE_NAMES: Record<ResizeHandle, string> = {
  nw: 'top left corner',
  n: 'top edge',
  ne: 'top right corner',
  e: 'right edge',
  se: 'bottom right corner',
  s: 'bottom edge',
  sw: 'bottom left corner',
  w: 'left edge',
};

const HANDLE_CURSORS: Record<ResizeHandle, string> = {
  nw: 'nwse-resize',
  se: 'nwse-resize',
  ne: 'nesw-resize',
  sw: 'nesw-resize',
  n: 'ns-resize',
  s: 'ns-resize',
  e: 'ew-resize',
  w: 'ew-resize',
};

interface PointerDrag {
  pointerId: number;
  drag: Drag;
  /** Past the dead zone: pointer moves now edit the layer. */
  active: boolean;
}

/**
 * The on-canvas scene editor: an overlay on the program/preview picture. Click selects the topmost
 * visible unlocked layer (empty space deselects); drag moves with snapping; the selection's eight
 * handles resize (Shift keeps the aspect, Alt crops), the round one above rotates (Shift: 15° steps);
 * Ctrl/Cmd while dragging turns snapping off. With the editor focused, arrows nudge 1 px (Shift: 10),
 * Delete removes, Escape deselects, Ctrl/Cmd+D duplicates. Every step is a scene edit through the
 * controller; the engine redraws the picture underneath.
 */
export function CanvasEditor({ sceneId, frame, children }: CanvasEditorProps) {
  const controller = useStudio();
  const scene = useStudioState((s) => s.collection?.scenes.find((x) => x.id === sceneId));
  const selectedLayerId = useStudioState((s) => s.selectedLayerId);
  const root = useRef<HTMLDivElement>(null);
  const size = useElementSize(root);
  const [guides, setGuides] = useState<Guide[]>([]);
  const pointerDrag = useRef<PointerDrag | undefined>(undefined);

  const selected = scene?.layers.find((l) => l.id === selectedLayerId);
  const view = letterbox(size, frame);

  /** The pointer in output px, from the element's box now (it may have scrolled since the press). */
  const outputPoint = (event: PointerEvent): { point: Point; outputPerCss: number } => {
    const rect = root.current!.getBoundingClientRect();
    const current = letterbox({ width: rect.width, height: rect.height }, frame);
    const point = cssToOutput(current, { x: event.clientX - rect.left, y: event.clientY - rect.top });
    return { point, outputPerCss: current.outputPerCss };
  };

  const commit = (layerId: string, patch: LayerPatch): boolean =>
    controller.edit((c) => updateLayer(c, sceneId, layerId, patch));

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0 || !scene) return;
    const { point, outputPerCss } = outputPoint(event);
    const selectedBox = selected && toPixelBox(selected, frame);
    const hit = hitTest(scene, point, {
      frame,
      ...(selected ? { selectedLayerId: selected.id } : {}),
      tolerancePx: HANDLE_HIT_CSS_PX * outputPerCss,
      ...(selectedBox
        ? {
            rotateHandleOffsetPx: rotateHandleOffset(selectedBox, frame, ROTATE_OFFSET_CSS_PX * outputPerCss),
          }
        : {}),
    });
    const gesture = gestureFor(hit, event);
    if (!gesture) {
      controller.select(undefined);
      return;
    }
    if (gesture.layerId !== selectedLayerId) controller.select(gesture.layerId);
    const drag = startDrag(scene, gesture, point, { frame, snapThresholdPx: SNAP_CSS_PX * outputPerCss });
    if (!drag) return;
    pointerDrag.current = { pointerId: event.pointerId, drag, active: false };
    // Keep receiving moves when the pointer leaves the picture mid-drag.
    event.currentTarget.setPointerCapture?.(event.pointerId);
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const current = pointerDrag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    const { point, outputPerCss } = outputPoint(event);
    if (!current.active && !pastDeadZone(current.drag, point, DEAD_ZONE_CSS_PX * outputPerCss)) return;
    current.active = true;
    const { patch, guides: next } = updateDrag(current.drag, point, event);
    if (commit(current.drag.gesture.layerId, patch)) setGuides(next);
    else endDrag(event);
  };

  const endDrag = (event: PointerEvent<HTMLDivElement>): void => {
    if (pointerDrag.current?.pointerId !== event.pointerId) return;
    pointerDrag.current = undefined;
    setGuides([]);
    if (event.currentTarget.hasPointerCapture?.(event.pointerId)) {
      event.currentTarget.releasePointerCapture(event.pointerId);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const action = editorKeyAction(event);
    if (!action || !selected) return;
    event.preventDefault();
    switch (action.kind) {
      case 'nudge': {
        // Locked layers stay put on the canvas; the properties panel can still move them.
        if (selected.locked) return;
        const { x, y } = toLayerGeometry(
          nudge(toPixelBox(selected, frame), action.direction, action.large),
          frame,
        );
        commit(selected.id, { x, y });
        return;
      }
      case 'remove':
        if (controller.edit((c) => removeLayer(c, sceneId, selected.id))) controller.select(undefined);
        return;
      case 'deselect':
        controller.select(undefined);
        return;
      case 'duplicate': {
        let copyId: string | undefined;
        controller.edit((c) => {
          const added = duplicateLayer(c, sceneId, selected.id);
          copyId = added.id;
          return added.collection;
        });
        if (copyId) controller.select(copyId);
        return;
      }
    }
  };

  return (
    <div
      ref={root}
      className="canvas-editor"
      data-testid="canvas-editor"
      tabIndex={0}
      aria-label="Scene editor: click a layer to select it, drag to move it; arrow keys nudge, Delete removes, Escape deselects"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
      onKeyDown={onKeyDown}
    >
      {children}
      {view.width > 0 && (
        <svg
          className="canvas-editor-overlay"
          style={{ left: view.left, top: view.top, width: view.width, height: view.height }}
          viewBox={`0 0 ${frame.width} ${frame.height}`}
          aria-hidden
        >
          {guides.map((g) => (
            <line
              key={`${g.axis}${g.position}`}
              className="canvas-editor-guide"
              data-testid="snap-guide"
              vectorEffect="non-scaling-stroke"
              {...(g.axis === 'x'
                ? { x1: g.position, x2: g.position, y1: 0, y2: frame.height }
                : { x1: 0, x2: frame.width, y1: g.position, y2: g.position })}
            />
          ))}
          {selected && <Selection layer={selected} frame={frame} outputPerCss={view.outputPerCss} />}
        </svg>
      )}
    </div>
  );
}

function Selection({ layer, frame, outputPerCss }: { layer: Layer; frame: Size; outputPerCss: number }) {
  const box = toPixelBox(layer, frame);
  const cx = box.x + box.width / 2;
  const handle = HANDLE_CSS_PX * outputPerCss;
  const rotateOffset = rotateHandleOffset(box, frame, ROTATE_OFFSET_CSS_PX * outputPerCss);
  // The edge the rotation handle hangs from: the top, or inside the box when flipped.
  const stemFrom = box.y;
  const rotateY = box.y - rotateOffset;
  return (
    <g data-testid="selection" data-layer-id={layer.id} data-locked={layer.locked}>
      <g transform={`rotate(${box.rotation} ${cx} ${box.y + box.height / 2})`}>
        <rect
          className="canvas-editor-outline"
          data-testid="selection-outline"
          x={box.x}
          y={box.y}
          width={box.width}
          height={box.height}
          vectorEffect="non-scaling-stroke"
        />
        {!layer.locked && (
          <>
            <line
              className="canvas-editor-stem"
              x1={cx}
              x2={cx}
              y1={stemFrom}
              y2={rotateY}
              vectorEffect="non-scaling-stroke"
            />
            <circle
              className="canvas-editor-handle canvas-editor-rotate"
              data-testid="handle-rotate"
              cx={cx}
              cy={rotateY}
              r={handle / 2}
              vectorEffect="non-scaling-stroke"
            >
              <title>Rotate (Shift: 15° steps)</title>
            </circle>
            {RESIZE_HANDLES.map((h) => {
              const s = handleSigns(h);
              return (
                <rect
                  key={h}
                  className="canvas-editor-handle"
                  data-testid={`handle-${h}`}
                  style={{ cursor: HANDLE_CURSORS[h] }}
                  x={cx + (s.x * box.width) / 2 - handle / 2}
                  y={box.y + box.height / 2 + (s.y * box.height) / 2 - handle / 2}
                  width={handle}
                  height={handle}
                  vectorEffect="non-scaling-stroke"
                >
                  <title>{`Resize from the ${HANDLE_NAMES[h]} (Shift: keep aspect; Alt: crop)`}</title>
                </rect>
              );
            })}
          </>
        )}
      </g>
      <Label box={box} outputPerCss={outputPerCss}>
        {layer.locked ? `${layer.name} (locked)` : layer.name}
      </Label>
    </g>
  );
}

/** The layer's name just above its bounds, or just inside them when above is off the picture. */
function Label({ box, outputPerCss, children }: { box: PixelBox; outputPerCss: number; children: string }) {
  const b = boundsOf(box);
  const fontSize = LABEL_CSS_PX * outputPerCss;
  const above = b.top - fontSize * 0.5;
  const y = above - fontSize < 0 ? b.top + fontSize * 1.3 : above;
  return (
    <text
      className="canvas-editor-label"
      data-testid="selection-label"
      x={Math.max(0, b.left) + fontSize * 0.3}
      y={y}
      fontSize={fontSize}
    >
      {children}
    </text>
  );
}
