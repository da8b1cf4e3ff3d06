import { describe, expect, it } from 'vitest';
import {
  boundsOf,
  handlePosition,
  toFrame,
  toLayerGeometry,
  toLocal,
  toPixelBox,
  type PixelBox,
  type Point,
} from './box-geometry';
import { cropDrag } from './crop-drag';
import { handleAt, hitTest, layerAt } from './hit-test';
import { rotateDrag } from './rotate-drag';
import type { Crop, Layer, Scene } from './scene-types';
import { dragMove, nudge, resizeBox, snapTargets } from './snapping';

const frame = { width: 1280, height: 720 };
const noCrop: Crop = { left: 0, top: 0, right: 0, bottom: 0 };

function layer(id: string, px: Partial<PixelBox>, extra: Partial<Layer> = {}): Layer {
  const b = { x: 0, y: 0, width: 100, height: 100, rotation: 0, ...px };
  return {
    id,
    sourceId: 'src',
    name: id,
    ...toLayerGeometry(b, frame),
    crop: noCrop,
    opacity: 1,
    visible: true,
    locked: false,
    ...extra,
  };
}

const scene = (...layers: Layer[]): Scene => ({ id: 's', name: 'S', layers });
const box = (b: Partial<PixelBox>): PixelBox => ({ x: 0, y: 0, width: 100, height: 100, rotation: 0, ...b });

function expectPoint(actual: Point, expected: Point) {
  expect(actual.x).toBeCloseTo(expected.x, 6);
  expect(actual.y).toBeCloseTo(expected.y, 6);
}

describe('box geometry', () => {
  it('converts between frame units and pixels both ways', () => {
    const l = { x: 0.25, y: 0.5, width: 0.5, height: 0.25, rotation: 30 };
    expect(toPixelBox(l, frame)).toEqual({ x: 320, y: 360, width: 640, height: 180, rotation: 30 });
    expect(toLayerGeometry(toPixelBox(l, frame), frame)).toEqual(l);
    expect(toLayerGeometry(box({ rotation: 270 }), frame).rotation).toBe(-90);
  });

  it('rotates clockwise on screen (y down)', () => {
    const b = box({ x: 0, y: 0, width: 200, height: 100, rotation: 90 });
    // The right-edge middle of a box turned 90° clockwise points down.
    expectPoint(handlePosition(b, 'e'), { x: 100, y: 150 });
    expectPoint(toLocal(b, toFrame(b, { x: 12, y: -7 })), { x: 12, y: -7 });
    const bounds = boundsOf(b);
    expect([bounds.left, bounds.top, bounds.right, bounds.bottom].map((v) => +v.toFixed(6))).toEqual([
      50, -50, 150, 150,
    ]);
  });
});

describe('hit testing', () => {
  it('picks the topmost visible, unlocked layer', () => {
    const s = scene(
      layer('back', { x: 0, y: 0, width: 1280, height: 720 }),
      layer('mid', { x: 100, y: 100, width: 200, height: 200 }),
      layer('top', { x: 150, y: 150, width: 50, height: 50 }, { locked: true }),
      layer('ghost', { x: 100, y: 100, width: 300, height: 300 }, { visible: false }),
    );
    expect(layerAt(s, { x: 160, y: 160 }, frame)).toBe('mid');
    expect(layerAt(s, { x: 350, y: 350 }, frame)).toBe('back');
    expect(layerAt(s, { x: 1300, y: 10 }, frame)).toBeUndefined();
  });

  it('tests against the rotated box, not its bounds', () => {
    // A 200x200 square at (100,100) turned 45°: a diamond centred at (200,200), reaching 141 px out.
    const s = scene(layer('d', { x: 100, y: 100, width: 200, height: 200, rotation: 45 }));
    expect(layerAt(s, { x: 105, y: 105 }, frame)).toBeUndefined(); // inside the unrotated box, outside the diamond
    expect(layerAt(s, { x: 200, y: 65 }, frame)).toBe('d'); // above the unrotated box, inside the diamond's tip
  });

  it('grabs handles of the selected layer first, within the tolerance, nearest first', () => {
    const s = scene(
      layer('a', { x: 100, y: 100, width: 200, height: 100 }),
      layer('b', { x: 0, y: 0, width: 1280, height: 720 }),
    );
    const opts = { frame, selectedLayerId: 'a', tolerancePx: 8 };
    expect(hitTest(s, { x: 305, y: 196 }, opts)).toEqual({ kind: 'handle', layerId: 'a', handle: 'se' });
    expect(hitTest(s, { x: 200, y: 104 }, opts)).toEqual({ kind: 'handle', layerId: 'a', handle: 'n' });
    expect(hitTest(s, { x: 200, y: 70 }, opts)).toEqual({ kind: 'handle', layerId: 'a', handle: 'rotate' });
    expect(hitTest(s, { x: 320, y: 200 }, opts)).toEqual({ kind: 'layer', layerId: 'b' }); // 20 px off: too far
    expect(hitTest(s, { x: 200, y: 150 }, { frame })).toEqual({ kind: 'layer', layerId: 'b' });
    expect(handleAt(box({ width: 10, height: 10 }), { x: 9, y: 9 }, 8)).toBe('se'); // not 'e' or 's'
  });

  it('finds handles on a rotated box and none on a locked one', () => {
    const s = scene(layer('r', { x: 100, y: 100, width: 200, height: 100, rotation: 90 }));
    // 'e' of a box turned 90° clockwise is below its centre (200,150).
    expect(hitTest(s, { x: 200, y: 250 }, { frame, selectedLayerId: 'r' })).toMatchObject({ handle: 'e' });
    const locked = scene(layer('r', { x: 100, y: 100, width: 200, height: 100 }, { locked: true }));
    expect(hitTest(locked, { x: 300, y: 200 }, { frame, selectedLayerId: 'r' })).toBeUndefined();
  });
});

describe('drag move with snapping', () => {
  const s = scene(
    // Pixel values that convert to frame units and back exactly (multiples of 1280/256 and 720/16).
    layer('moving', { x: 500, y: 450, width: 100, height: 90 }),
    layer('other', { x: 700, y: 45, width: 200, height: 90 }),
    layer('hidden', { x: 333, y: 333, width: 10, height: 10 }, { visible: false }),
  );
  const targets = snapTargets(s, frame, 'moving');
  const start = toPixelBox(s.layers[0]!, frame);

  it('collects frame edges and centres and other visible layers, not itself or hidden ones', () => {
    expect(targets.x).toEqual([0, 640, 1280, 700, 800, 900]);
    expect(targets.y).toEqual([0, 360, 720, 45, 90, 135]);
  });

  it('snaps an edge to the frame within the threshold and draws the guide', () => {
    const r = dragMove(start, { x: -494, y: 0 }, targets); // left edge at 6 px
    expect(r.box.x).toBe(0);
    expect(r.guides).toContainEqual({ axis: 'x', position: 0 });
    const far = dragMove(start, { x: -490, y: 0 }, targets); // 10 px: beyond 8
    expect(far.box.x).toBe(10);
    expect(far.guides.filter((g) => g.axis === 'x')).toEqual([]);
  });

  it('snaps to the nearest candidate only', () => {
    // Centre at 643 (3 from the frame centre 640) while the right edge is at 693 (7 from 700).
    const r = dragMove(start, { x: 93, y: 0 }, targets);
    expect(r.box.x + 50).toBe(640);
    expect(r.guides).toEqual([{ axis: 'x', position: 640 }]);
  });

  it('snaps to another layer on both axes', () => {
    // Right edge 4 px left of the other layer's left edge (centre 6 px from the frame's: farther);
    // top, centre and bottom each 4 px below the other layer's.
    const r = dragMove(start, { x: 96, y: -401 }, targets);
    expect([r.box.x, r.box.y]).toEqual([600, 45]);
    expect(r.guides).toEqual([
      { axis: 'x', position: 700 },
      { axis: 'y', position: 45 },
      { axis: 'y', position: 90 },
      { axis: 'y', position: 135 },
    ]);
  });

  it('does not snap with snapping off and nudges by 1 or 10 px', () => {
    expect(dragMove(start, { x: -494, y: 3 }, targets, { snap: false })).toEqual({
      box: { ...start, x: 6, y: 453 },
      guides: [],
    });
    expect(nudge(start, 'left')).toMatchObject({ x: 499, y: 450 });
    expect(nudge(start, 'down', true)).toMatchObject({ x: 500, y: 460 });
  });
});

describe('resize', () => {
  const none = { x: [], y: [] };

  it('keeps the opposite edge or corner fixed', () => {
    const start = box({ x: 100, y: 100, width: 200, height: 100 });
    expect(resizeBox(start, 'e', { x: 350, y: 999 }, none, { frame }).box).toEqual(
      box({ x: 100, y: 100, width: 250, height: 100 }),
    );
    expect(resizeBox(start, 'nw', { x: 50, y: 80 }, none, { frame }).box).toEqual(
      box({ x: 50, y: 80, width: 250, height: 120 }),
    );
  });

  it('keeps the aspect from a corner, by the larger change', () => {
    const start = box({ x: 100, y: 100, width: 200, height: 100 });
    const r = resizeBox(start, 'se', { x: 500, y: 220 }, none, { frame, keepAspect: true }).box;
    expect(r).toEqual(box({ x: 100, y: 100, width: 400, height: 200 }));
    const nw = resizeBox(start, 'nw', { x: 250, y: 0 }, none, { frame, keepAspect: true }).box;
    expect(nw.width / nw.height).toBeCloseTo(2);
    expect([nw.x + nw.width, nw.y + nw.height]).toEqual([300, 200]); // se corner fixed
    const edge = resizeBox(start, 'e', { x: 500, y: 0 }, none, { frame, keepAspect: true }).box;
    expect(edge).toEqual(box({ x: 100, y: 50, width: 400, height: 200 })); // grows about the centre line
  });

  it('stops at the minimum size and never flips', () => {
    const start = box({ x: 100, y: 100, width: 200, height: 100 });
    const r = resizeBox(start, 'se', { x: 0, y: 0 }, none, { frame }).box;
    expect([r.x, r.y, r.width, r.height].map((v) => +v.toFixed(9))).toEqual([100, 100, 12.8, 7.2]);
  });

  it('keeps the opposite corner fixed on a rotated box', () => {
    const start = box({ x: 100, y: 100, width: 200, height: 100, rotation: 30 });
    const fixed = handlePosition(start, 'nw');
    const pointer = toFrame(start, { x: -100 + 300, y: 50 }); // 300 px from the fixed corner along the box
    const r = resizeBox(start, 'se', pointer, none, { frame }).box;
    expectPoint(handlePosition(r, 'nw'), fixed);
    expect(r.width).toBeCloseTo(300);
    expect(r.height).toBeCloseTo(100);
    expect(r.rotation).toBe(30);
  });

  it('snaps the moving edge, not the fixed one', () => {
    const targets = { x: [0, 640, 1280], y: [0, 360, 720] };
    const start = box({ x: 3, y: 100, width: 200, height: 100 });
    const r = resizeBox(start, 'e', { x: 635, y: 0 }, targets, { frame });
    expect(r.box).toEqual(box({ x: 3, y: 100, width: 637, height: 100 }));
    expect(r.guides).toEqual([{ axis: 'x', position: 640 }]);
    const rotated = resizeBox({ ...start, rotation: 10 }, 'e', { x: 635, y: 0 }, targets, { frame });
    expect(rotated.guides).toEqual([]);
    // Scale 2.57 by the height puts the bottom 3 px above 360 and the right edge 26 px from 640:
    // the bottom snaps and the width follows the ratio.
    const aspect = resizeBox(
      box({ x: 100, y: 100, width: 200, height: 100 }),
      'se',
      { x: 500, y: 357 },
      targets,
      {
        frame,
        keepAspect: true,
      },
    );
    expect(aspect.box.y + aspect.box.height).toBeCloseTo(360);
    expect(aspect.box.width).toBeCloseTo(520);
    expect(aspect.guides).toEqual([{ axis: 'y', position: 360 }]);
  });
});

describe('rotate', () => {
  const start = box({ x: 100, y: 100, width: 200, height: 200 }); // centre (200, 200)

  it('follows the angle swept about the centre', () => {
    expect(rotateDrag(start, { x: 200, y: 50 }, { x: 350, y: 200 })).toBeCloseTo(90);
    // Grabbed off the handle: no jump, only the sweep counts.
    expect(rotateDrag({ ...start, rotation: 10 }, { x: 300, y: 100 }, { x: 300, y: 100 })).toBeCloseTo(10);
    expect(
      rotateDrag(start, { x: 200, y: 50 }, { x: 200 - 100 * Math.sin(0.5), y: 200 - 100 * Math.cos(0.5) }),
    ).toBeCloseTo((-0.5 * 180) / Math.PI);
  });

  it('snaps to right angles within a few degrees, and to 15° steps with the modifier', () => {
    const at = (deg: number) => {
      const a = (deg * Math.PI) / 180;
      return { x: 200 + 100 * Math.sin(a), y: 200 - 100 * Math.cos(a) };
    };
    expect(rotateDrag(start, at(0), at(87))).toBe(90);
    expect(rotateDrag(start, at(0), at(183))).toBe(180);
    expect(rotateDrag(start, at(0), at(80))).toBeCloseTo(80);
    expect(rotateDrag(start, at(0), at(37), { step: true })).toBe(30);
    expect(rotateDrag(start, at(0), at(-170), { step: true })).toBe(-165);
  });
});

describe('crop drag', () => {
  /** Where the source point (u, v) (0..1 of the uncropped source) is drawn on the frame. */
  function sourceToFrame(b: PixelBox, crop: Crop, u: number, v: number): Point {
    const sx = b.width / (1 - crop.left - crop.right);
    const sy = b.height / (1 - crop.top - crop.bottom);
    return toFrame(b, { x: (u - crop.left) * sx - b.width / 2, y: (v - crop.top) * sy - b.height / 2 });
  }

  it('crops from the left edge and keeps the content in place', () => {
    const start = box({ x: 100, y: 100, width: 400, height: 200 });
    const r = cropDrag(start, noCrop, 'w', { x: 200, y: 150 }, frame);
    expect(r.crop).toEqual({ left: 0.25, top: 0, right: 0, bottom: 0 });
    expect(r.box).toEqual(box({ x: 200, y: 100, width: 300, height: 200 }));
    expectPoint(sourceToFrame(r.box, r.crop, 0.6, 0.5), sourceToFrame(start, noCrop, 0.6, 0.5));
  });

  it('keeps content in place on a rotated, already cropped box, from a corner', () => {
    const crop = { left: 0.1, top: 0.2, right: 0.1, bottom: 0 };
    const start = box({ x: 300, y: 200, width: 320, height: 160, rotation: 30 });
    const pointer = toFrame(start, { x: 100, y: 50 }); // 60 px in from the right, 30 px up from the bottom
    const r = cropDrag(start, crop, 'se', pointer, frame);
    expect(r.crop.right).toBeCloseTo(0.1 + 60 / 400);
    expect(r.crop.bottom).toBeCloseTo(30 / 200);
    expect(r.box.width).toBeCloseTo(260);
    expect(r.box.height).toBeCloseTo(130);
    for (const [u, v] of [
      [0.3, 0.3],
      [0.5, 0.6],
    ] as const) {
      expectPoint(sourceToFrame(r.box, r.crop, u, v), sourceToFrame(start, crop, u, v));
    }
  });

  it('uncrops outward no further than 0, and stops at the 0.9 limit', () => {
    const crop = { left: 0.2, top: 0, right: 0.5, bottom: 0 };
    const start = box({ x: 100, y: 100, width: 300, height: 100 }); // 1000 px of source per unit
    const out = cropDrag(start, crop, 'w', { x: -500, y: 150 }, frame);
    expect(out.crop.left).toBe(0);
    expect(out.box.x).toBeCloseTo(-100);
    const tight = cropDrag(start, crop, 'w', { x: 390, y: 150 }, frame);
    expect(tight.crop.left).toBeCloseTo(0.4);
    expect(tight.box.x).toBeCloseTo(300);
    expect(tight.box.x + tight.box.width).toBeCloseTo(400); // right edge untouched
  });
});
