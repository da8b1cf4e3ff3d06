import { describe, expect, it } from 'vitest';
import { StudioError } from '../studio-error';
import { PIP_MARGIN, PIP_WIDTH, applyLayout, applySceneLayout } from './layout-presets';
import { addLayer } from './layer-ops';
import { addSource, defaultCollection } from './scene-ops';
import type { Layer, Scene } from './scene-types';

const A = 16 / 9;

function layer(id: string, box: Partial<Layer> = {}): Layer {
  return {
    id,
    sourceId: 'src',
    name: id,
    x: 0,
    y: 0,
    width: 1,
    height: 1,
    rotation: 0,
    crop: { left: 0, top: 0, right: 0, bottom: 0 },
    opacity: 1,
    visible: true,
    locked: false,
    ...box,
  };
}

const scene = (...layers: Layer[]): Scene => ({ id: 's', name: 'S', layers });
const byId = (s: Scene, id: string) => s.layers.find((l) => l.id === id)!;
const pxAspect = (l: Layer) => (l.width / l.height) * A;

describe('applyLayout', () => {
  it('full: the bottom-most visible layer fills the frame, letterboxed by its aspect', () => {
    const s = scene(
      layer('hidden', { visible: false }),
      layer('cam', { x: 0.2, y: 0.2, width: 0.3, height: 0.4, rotation: 30 }),
    );
    const out = applyLayout(s, 'full', { aspects: { cam: 4 / 3 } });
    expect(byId(out, 'cam')).toMatchObject({ y: 0, height: 1, rotation: 0 });
    expect(byId(out, 'cam').width).toBeCloseTo(0.75);
    expect(byId(out, 'cam').x).toBeCloseTo(0.125);
    expect(byId(out, 'hidden')).toBe(s.layers[0]);
  });

  it('uses the given main layer', () => {
    const s = scene(layer('a'), layer('b', { x: 0.5, y: 0.5, width: 0.25, height: 0.25 }));
    const out = applyLayout(s, 'full', { mainLayerId: 'b' });
    expect(byId(out, 'b')).toMatchObject({ x: 0, y: 0, width: 1, height: 1 });
    expect(byId(out, 'a')).toBe(s.layers[0]);
    expect(() => applyLayout(s, 'full', { mainLayerId: 'nope' })).toThrow(StudioError);
  });

  it.each([
    ['pip-top-left', false, false],
    ['pip-top-right', true, false],
    ['pip-bottom-left', false, true],
    ['pip-bottom-right', true, true],
  ] as const)('%s: main full frame and a 30%% inset in the corner with a margin', (preset, right, bottom) => {
    const s = scene(layer('main'), layer('guest', { width: 0.5, height: 0.5 }));
    const out = applyLayout(s, preset);
    expect(byId(out, 'main')).toMatchObject({ x: 0, y: 0, width: 1, height: 1 });
    const inset = byId(out, 'guest');
    expect(inset.width).toBeCloseTo(PIP_WIDTH);
    expect(pxAspect(inset)).toBeCloseTo(A);
    const [mx, my] = [PIP_MARGIN, PIP_MARGIN * A];
    expect(right ? 1 - inset.x - inset.width : inset.x).toBeCloseTo(mx);
    expect(bottom ? 1 - inset.y - inset.height : inset.y).toBeCloseTo(my);
    expect(mx * 1280).toBeCloseTo(my * 720); // the same margin in pixels
  });

  it('pip: a tall inset is limited in height, and one below main is raised above it', () => {
    const s = scene(
      layer('phone', { width: 0.2, height: 0.2 * A * (16 / 9) }),
      layer('main'),
      layer('logo', { visible: false }),
    );
    const out = applyLayout(s, 'pip-top-right', { mainLayerId: 'main', aspects: { phone: 9 / 16 } });
    expect(out.layers.map((l) => l.id)).toEqual(['main', 'phone', 'logo']);
    const phone = byId(out, 'phone');
    expect(phone.height).toBeCloseTo(0.4);
    expect(pxAspect(phone)).toBeCloseTo(9 / 16);
  });

  it('side-by-side: two halves, letterboxed', () => {
    const s = scene(
      layer('a'),
      layer('b', { width: 0.3, height: 0.3 }),
      layer('c', { width: 0.1, height: 0.1 }),
    );
    const out = applyLayout(s, 'side-by-side');
    const [a, b] = [byId(out, 'a'), byId(out, 'b')];
    expect(a).toMatchObject({ x: 0, width: 0.5 });
    expect(b).toMatchObject({ x: 0.5, width: 0.5 });
    expect(a.y + a.height / 2).toBeCloseTo(0.5);
    expect(pxAspect(b)).toBeCloseTo(A);
    expect(byId(out, 'c')).toBe(s.layers[2]);
  });

  it('falls back to full with one visible layer, and leaves an empty scene alone', () => {
    const s = scene(layer('a', { width: 0.5, height: 0.5 }), layer('b', { visible: false }));
    expect(byId(applyLayout(s, 'pip-bottom-right'), 'a')).toMatchObject({ x: 0, y: 0, width: 1, height: 1 });
    const empty = scene(layer('h', { visible: false }));
    expect(applyLayout(empty, 'grid')).toBe(empty);
  });

  it('grid: the smallest near-square grid, last row centred', () => {
    const five = scene(...['a', 'b', 'c', 'd', 'e'].map((id) => layer(id)));
    const out = applyLayout(five, 'grid');
    // 3 columns x 2 rows: cells are 1/3 x 1/2 of the frame, wider than 16:9 is tall, so each 16:9
    // layer is a third of the frame in both directions, centred vertically in its cell.
    expect(out.layers.map((l) => [l.x, l.y, l.width, l.height].map((v) => +v.toFixed(4)))).toEqual([
      [0, 0.0833, 0.3333, 0.3333],
      [0.3333, 0.0833, 0.3333, 0.3333],
      [0.6667, 0.0833, 0.3333, 0.3333],
      [0.1667, 0.5833, 0.3333, 0.3333],
      [0.5, 0.5833, 0.3333, 0.3333],
    ]);
    const four = applyLayout(scene(...['a', 'b', 'c', 'd'].map((id) => layer(id))), 'grid');
    expect(new Set(four.layers.map((l) => l.width))).toEqual(new Set([0.5]));
    const square = applyLayout(scene(layer('a'), layer('b')), 'grid', { aspects: { a: 1, b: 1 } });
    expect(square.layers.map((l) => pxAspect(l))).toEqual([expect.closeTo(1), expect.closeTo(1)]);
    expect(square.layers[1]).toMatchObject({ x: 0.5, width: 0.5 }); // a square is narrower than its cell
    expect(square.layers[1]!.y).toBeCloseTo((1 - 0.5 * A) / 2);
  });

  it('applySceneLayout uses the collection output and scene', () => {
    const base = defaultCollection();
    const img = addSource(base, { kind: 'image', url: 'https://x/y.png' });
    const sceneId = base.scenes[0]!.id;
    const added = addLayer(img.collection, sceneId, img.id);
    const out = applySceneLayout(added.collection, sceneId, 'pip-bottom-right');
    expect(out.scenes[0]!.layers[1]!.width).toBeCloseTo(PIP_WIDTH);
    expect(added.collection.scenes[0]!.layers[1]!.width).toBe(0.5);
    expect(() => applySceneLayout(out, 'nope', 'full')).toThrow(StudioError);
  });
});
