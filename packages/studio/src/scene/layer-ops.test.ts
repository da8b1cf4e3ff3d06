import { describe, expect, it } from 'vitest';
import { StudioError } from '../studio-error';
import {
  DUPLICATE_OFFSET,
  addLayer,
  defaultLayerBox,
  duplicateLayer,
  moveLayer,
  removeLayer,
  setLayerLocked,
  setLayerVisible,
  updateLayer,
} from './layer-ops';
import { addSource, defaultCollection } from './scene-ops';
import type { Layer, SceneCollection } from './scene-types';

function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof StudioError ? error.code : 'not a StudioError';
  }
  return undefined;
}

const W = 16 / 9;

function setup() {
  const base = defaultCollection();
  const scene = base.scenes[0]!.id;
  const bottom = base.scenes[0]!.layers[0]!.id;
  const img = addSource(base, { kind: 'image', url: 'https://example.com/logo.png' });
  const a = addLayer(img.collection, scene, img.id);
  const b = addLayer(a.collection, scene, img.id);
  return { c: frozen(b.collection), scene, ids: [bottom, a.id, b.id], image: img.id };
}

const layers = (c: SceneCollection): Layer[] => c.scenes[0]!.layers;
const layer = (c: SceneCollection, id: string): Layer => layers(c).find((l) => l.id === id)!;

describe('defaultLayerBox', () => {
  it('fills the frame for live kinds, letterboxed by a known aspect', () => {
    expect(defaultLayerBox('camera', W)).toEqual({ x: 0, y: 0, width: 1, height: 1 });
    const fourThree = defaultLayerBox('camera', W, 4 / 3);
    expect(fourThree.height).toBe(1);
    expect(fourThree.width).toBeCloseTo(0.75);
    expect(fourThree.x).toBeCloseTo(0.125);
    const portrait = defaultLayerBox('video', W, 9 / 16);
    expect(portrait.width).toBeCloseTo(81 / 256);
    expect(portrait.x + portrait.width / 2).toBeCloseTo(0.5);
  });

  it('centres images and text in the middle half, keeping the aspect', () => {
    expect(defaultLayerBox('image', W)).toEqual({ x: 0.25, y: 0.25, width: 0.5, height: 0.5 });
    const square = defaultLayerBox('image', W, 1);
    expect(square.height).toBeCloseTo(0.5);
    expect(square.width * 1280).toBeCloseTo(square.height * 720); // square in pixels
    expect(square.x + square.width / 2).toBeCloseTo(0.5);
    const text = defaultLayerBox('text', W);
    expect((text.width * 1280) / (text.height * 720)).toBeCloseTo(4);
    expect(text.y + text.height / 2).toBeCloseTo(0.5);
  });
});

describe('addLayer', () => {
  it('adds on top with the source name and the aspect given', () => {
    const { c, scene, image } = setup();
    const added = addLayer(c, scene, image, { aspect: 2, name: 'Logo' });
    const top = layers(added.collection).at(-1)!;
    expect(top).toMatchObject({
      id: added.id,
      sourceId: image,
      name: 'Logo',
      rotation: 0,
      opacity: 1,
      visible: true,
    });
    expect((top.width * 1280) / (top.height * 720)).toBeCloseTo(2);
    expect(layers(c).at(-1)!.name).toBe('Image');
  });

  it('refuses unknown ids and microphones', () => {
    const { c, scene, image } = setup();
    expect(code(() => addLayer(c, 'nope', image))).toBe('studio/unknown-id');
    expect(code(() => addLayer(c, scene, 'nope'))).toBe('studio/unknown-id');
    const mic = addSource(c, {
      kind: 'microphone',
      noiseSuppression: true,
      echoCancellation: true,
      autoGainControl: true,
    });
    expect(code(() => addLayer(mic.collection, scene, mic.id))).toBe('studio/invalid-edit');
  });
});

describe('updateLayer', () => {
  it('applies a patch and leaves the input alone', () => {
    const { c, scene, ids } = setup();
    const next = updateLayer(c, scene, ids[1]!, { x: 0.1, name: 'Moved' });
    expect(layer(next, ids[1]!)).toMatchObject({ x: 0.1, name: 'Moved' });
    expect(layer(c, ids[1]!).x).toBe(0.25);
    expect(layer(next, ids[0]!)).toBe(layer(c, ids[0]!));
  });

  it('clamps opacity, size and rotation', () => {
    const { c, scene, ids } = setup();
    const id = ids[1]!;
    expect(layer(updateLayer(c, scene, id, { opacity: 1.5 }), id).opacity).toBe(1);
    expect(layer(updateLayer(c, scene, id, { opacity: -1 }), id).opacity).toBe(0);
    const tiny = layer(updateLayer(c, scene, id, { width: 0, height: -3 }), id);
    expect([tiny.width, tiny.height]).toEqual([0.01, 0.01]);
    expect(layer(updateLayer(c, scene, id, { rotation: 190 }), id).rotation).toBe(-170);
    expect(layer(updateLayer(c, scene, id, { rotation: -180 }), id).rotation).toBe(180);
    expect(layer(updateLayer(c, scene, id, { rotation: 720 }), id).rotation).toBe(0);
    expect(layer(updateLayer(c, scene, id, { rotation: -45 }), id).rotation).toBe(-45);
  });

  it('clamps crop: sides ≥ 0, the side being changed gives way at 0.9', () => {
    const { c, scene, ids } = setup();
    const id = ids[1]!;
    const a = updateLayer(c, scene, id, { crop: { left: 0.5, top: -0.2 } });
    expect(layer(a, id).crop).toEqual({ left: 0.5, top: 0, right: 0, bottom: 0 });
    const b = updateLayer(a, scene, id, { crop: { right: 0.7 } });
    expect(layer(b, id).crop.left).toBe(0.5);
    expect(layer(b, id).crop.right).toBeCloseTo(0.4);
    const both = updateLayer(c, scene, id, { crop: { top: 0.9, bottom: 0.9 } });
    expect(layer(both, id).crop.top).toBeCloseTo(0.45);
    expect(layer(both, id).crop.bottom).toBeCloseTo(0.45);
  });

  it('sets, clamps and removes a chroma key', () => {
    const { c, scene, ids } = setup();
    const id = ids[1]!;
    const keyed = updateLayer(c, scene, id, {
      chromaKey: { color: '#00ff00', similarity: 2, smoothness: 0.1, spill: -1 },
    });
    expect(layer(keyed, id).chromaKey).toEqual({
      color: '#00ff00',
      similarity: 1,
      smoothness: 0.1,
      spill: 0,
    });
    expect(layer(updateLayer(keyed, scene, id, { chromaKey: null }), id)).not.toHaveProperty('chromaKey');
    expect(layer(updateLayer(keyed, scene, id, { opacity: 0.5 }), id).chromaKey).toBeDefined();
    const bad = { color: 'green', similarity: 0.4, smoothness: 0.1, spill: 0.1 };
    expect(code(() => updateLayer(c, scene, id, { chromaKey: bad }))).toBe('studio/invalid-edit');
  });

  it('rejects non-finite numbers and unknown ids', () => {
    const { c, scene, ids } = setup();
    expect(code(() => updateLayer(c, scene, ids[1]!, { x: NaN }))).toBe('studio/invalid-edit');
    expect(code(() => updateLayer(c, scene, ids[1]!, { crop: { left: Infinity } }))).toBe(
      'studio/invalid-edit',
    );
    expect(code(() => updateLayer(c, scene, 'nope', { x: 0 }))).toBe('studio/unknown-id');
    expect(code(() => updateLayer(c, 'nope', ids[1]!, { x: 0 }))).toBe('studio/unknown-id');
  });

  it('shows, hides, locks and unlocks', () => {
    const { c, scene, ids } = setup();
    const id = ids[2]!;
    const hidden = setLayerVisible(c, scene, id, false);
    expect(layer(hidden, id).visible).toBe(false);
    expect(layer(setLayerVisible(hidden, scene, id, true), id).visible).toBe(true);
    const locked = setLayerLocked(c, scene, id, true);
    expect(layer(locked, id).locked).toBe(true);
    expect(layer(setLayerLocked(locked, scene, id, false), id).locked).toBe(false);
  });
});

describe('remove, duplicate, z-order', () => {
  it('removes; an absent layer is a no-op', () => {
    const { c, scene, ids } = setup();
    const next = removeLayer(c, scene, ids[1]!);
    expect(layers(next).map((l) => l.id)).toEqual([ids[0], ids[2]]);
    expect(removeLayer(next, scene, ids[1]!)).toBe(next);
  });

  it('duplicates just above the original, offset, with a new id', () => {
    const { c, scene, ids } = setup();
    const dup = duplicateLayer(c, scene, ids[1]!);
    expect(layers(dup.collection).map((l) => l.id)).toEqual([ids[0], ids[1], dup.id, ids[2]]);
    const [original, copy] = [layer(c, ids[1]!), layer(dup.collection, dup.id)];
    expect(copy.x).toBeCloseTo(original.x + DUPLICATE_OFFSET);
    expect(copy.y).toBeCloseTo(original.y + DUPLICATE_OFFSET);
    expect(copy.crop).not.toBe(original.crop);
    expect(code(() => duplicateLayer(c, scene, 'nope'))).toBe('studio/unknown-id');
  });

  it('moves up, down, to the front and to the back', () => {
    const { c, scene, ids } = setup();
    const [a, b, t] = ids as [string, string, string];
    const order = (next: SceneCollection) => layers(next).map((l) => l.id);
    expect(order(moveLayer(c, scene, a, 'up'))).toEqual([b, a, t]);
    expect(order(moveLayer(c, scene, t, 'down'))).toEqual([a, t, b]);
    expect(order(moveLayer(c, scene, a, 'front'))).toEqual([b, t, a]);
    expect(order(moveLayer(c, scene, t, 'back'))).toEqual([t, a, b]);
    expect(moveLayer(c, scene, t, 'up')).toBe(c);
    expect(moveLayer(c, scene, a, 'down')).toBe(c);
  });
});
