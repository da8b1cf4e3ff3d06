import { describe, expect, it } from 'vitest';
import { layer, scene } from '../testing/scene-fixtures';
import { gestureFor, pastDeadZone, startDrag, updateDrag, type Gesture } from './drag-gesture';

const FRAME = { width: 1280, height: 720 };
// A quarter-size box at (320, 180) px, 320 × 180 px: its centre is (480, 270).
const SCENE = scene([layer('a', { x: 0.25, y: 0.25, width: 0.25, height: 0.25 })]);
const OPTIONS = { frame: FRAME, snapThresholdPx: 8 };
const FREE = { shiftKey: false, ctrlKey: false, metaKey: false };

function drag(gesture: Gesture, press: { x: number; y: number }) {
  const d = startDrag(SCENE, gesture, press, OPTIONS);
  if (!d) throw new Error('no drag');
  return d;
}

describe('which gesture a press starts', () => {
  it('moves a layer, resizes or crops (Alt) from a handle, rotates from the round one', () => {
    expect(gestureFor(undefined, { altKey: false })).toBeUndefined();
    expect(gestureFor({ kind: 'layer', layerId: 'a' }, { altKey: true })).toEqual({
      kind: 'move',
      layerId: 'a',
    });
    expect(gestureFor({ kind: 'handle', layerId: 'a', handle: 'rotate' }, { altKey: true })).toEqual({
      kind: 'rotate',
      layerId: 'a',
    });
    expect(gestureFor({ kind: 'handle', layerId: 'a', handle: 'e' }, { altKey: false })).toEqual({
      kind: 'resize',
      layerId: 'a',
      handle: 'e',
    });
    expect(gestureFor({ kind: 'handle', layerId: 'a', handle: 'e' }, { altKey: true })).toEqual({
      kind: 'crop',
      layerId: 'a',
      handle: 'e',
    });
  });

  it('starts nothing on a layer the scene does not have', () => {
    expect(startDrag(SCENE, { kind: 'move', layerId: 'gone' }, { x: 0, y: 0 }, OPTIONS)).toBeUndefined();
  });

  it('is a click until the pointer leaves the dead zone', () => {
    const d = drag({ kind: 'move', layerId: 'a' }, { x: 400, y: 250 });
    expect(pastDeadZone(d, { x: 402, y: 251 }, 3)).toBe(false);
    expect(pastDeadZone(d, { x: 403, y: 250 }, 3)).toBe(true);
  });
});

describe('move', () => {
  const move = drag({ kind: 'move', layerId: 'a' }, { x: 400, y: 250 });

  it('moves by the pointer delta, in frame units', () => {
    const { patch, guides } = updateDrag(move, { x: 450, y: 270 }, FREE);
    expect(patch.x).toBeCloseTo(370 / 1280);
    expect(patch.y).toBeCloseTo(200 / 720);
    expect(Object.keys(patch).sort()).toEqual(['x', 'y']);
    expect(guides).toEqual([]);
  });

  it('snaps its centre to the frame centre line and reports the guide', () => {
    // 155 px right puts the centre at 635, 5 px from the centre line.
    const { patch, guides } = updateDrag(move, { x: 555, y: 250 }, FREE);
    expect(patch.x! * 1280).toBeCloseTo(480);
    expect(guides).toContainEqual({ axis: 'x', position: 640 });
  });

  it('does not snap with Ctrl or Cmd held', () => {
    expect(updateDrag(move, { x: 555, y: 250 }, { ...FREE, ctrlKey: true }).patch.x! * 1280).toBeCloseTo(475);
    expect(updateDrag(move, { x: 555, y: 250 }, { ...FREE, metaKey: true }).guides).toEqual([]);
  });
});

describe('resize', () => {
  // The bottom-right handle is at (640, 360); grabbed 3 px right and 2 px below it.
  const resize = drag({ kind: 'resize', layerId: 'a', handle: 'se' }, { x: 643, y: 362 });

  it('does not jump when the handle is grabbed off its centre', () => {
    const { patch } = updateDrag(resize, { x: 643, y: 362 }, FREE);
    expect(patch.width! * 1280).toBeCloseTo(320);
    expect(patch.height! * 720).toBeCloseTo(180);
  });

  it('moves the dragged corner with the pointer, the opposite one stays', () => {
    const { patch } = updateDrag(resize, { x: 743, y: 412 }, FREE);
    expect(patch.x! * 1280).toBeCloseTo(320);
    expect(patch.y! * 720).toBeCloseTo(180);
    expect(patch.width! * 1280).toBeCloseTo(420);
    expect(patch.height! * 720).toBeCloseTo(230);
  });

  it('keeps the aspect with Shift', () => {
    const { patch } = updateDrag(resize, { x: 803, y: 382 }, { ...FREE, shiftKey: true });
    expect(patch.width! * 1280).toBeCloseTo(480);
    expect(patch.height! * 720).toBeCloseTo(270);
  });
});

describe('rotate', () => {
  const rotate = drag({ kind: 'rotate', layerId: 'a' }, { x: 480, y: 60 });

  it('turns by the angle swept about the centre', () => {
    expect(updateDrag(rotate, { x: 690, y: 270 }, FREE).patch).toEqual({ rotation: 90 });
  });

  it('turns in 15° steps with Shift', () => {
    const a = (50 * Math.PI) / 180;
    const p = { x: 480 + 210 * Math.sin(a), y: 270 - 210 * Math.cos(a) };
    expect(updateDrag(rotate, p, { ...FREE, shiftKey: true }).patch.rotation).toBeCloseTo(45);
    expect(updateDrag(rotate, p, FREE).patch.rotation).toBeCloseTo(50);
  });
});

describe('crop', () => {
  it('crops the dragged side and moves that edge, leaving the picture in place', () => {
    const crop = drag({ kind: 'crop', layerId: 'a', handle: 'w' }, { x: 320, y: 270 });
    const { patch } = updateDrag(crop, { x: 352, y: 270 }, FREE);
    expect(patch.crop).toEqual({ left: 0.1, top: 0, right: 0, bottom: 0 });
    expect(patch.x! * 1280).toBeCloseTo(352);
    expect(patch.width! * 1280).toBeCloseTo(288);
    expect(patch.height! * 720).toBeCloseTo(180);
  });
});
