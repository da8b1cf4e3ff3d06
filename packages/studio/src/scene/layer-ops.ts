/**
 * Edits of the layers of one scene. Pure, with the same error rules as `scene-ops.ts`: removing an
 * absent layer is a no-op; other edits of unknown scenes/layers/sources throw `studio/unknown-id`.
 */
import { isOpaqueHex6 } from './scene-color';
import { invalidEdit, unknownId } from './scene-errors';
import { FULL_FRAME, fitBox, type LayerBox } from './layer-box';
import { MAX_CROP_SUM, MIN_LAYER_SIZE, clamp, normalizeRotation, outputFormat } from './scene-limits';
import { createId, fullFrameLayer, type Added } from './scene-ops';
import type { ChromaKey, Crop, Layer, Scene, SceneCollection, SourceKind } from './scene-types';
import { hasPicture } from './scene-validate';

/** A change to a layer: `crop` may name some sides only; `chromaKey: null` removes the key. */
export type LayerPatch = Partial<Omit<Layer, 'id' | 'sourceId' | 'crop' | 'chromaKey'>> & {
  crop?: Partial<Crop>;
  chromaKey?: ChromaKey | null;
};

export type ZOrderMove = 'up' | 'down' | 'front' | 'back';

/** How far a duplicate is offset from its original, in output-frame units. */
export const DUPLICATE_OFFSET = 0.03;

/** The pixel aspect of the output frame (all presets are 16:9 today, but do not assume it). */
export function outputAspect(c: SceneCollection): number {
  const { width, height } = outputFormat(c.output.preset);
  return width / height;
}

function sceneIndex(c: SceneCollection, sceneId: string): number {
  const i = c.scenes.findIndex((s) => s.id === sceneId);
  if (i < 0) throw unknownId('scene', sceneId);
  return i;
}

function withScene(c: SceneCollection, sceneId: string, edit: (scene: Scene) => Scene): SceneCollection {
  const i = sceneIndex(c, sceneId);
  const scene = c.scenes[i]!;
  const next = edit(scene);
  if (next === scene) return c;
  const scenes = c.scenes.slice();
  scenes[i] = next;
  return { ...c, scenes };
}

function layerIndex(scene: Scene, layerId: string): number {
  const i = scene.layers.findIndex((l) => l.id === layerId);
  if (i < 0) throw unknownId('layer', layerId);
  return i;
}

/** Kinds that usually fill the frame; the others (a logo, a title) start as a centred box. */
const FULL_FRAME_KINDS: ReadonlySet<SourceKind> = new Set([
  'camera',
  'screen',
  'pattern',
  'guest',
  'video',
  'color',
]);

/**
 * Where a new layer of `kind` goes: full frame (letterboxed when `aspect` differs from the frame's),
 * or for images and text a box fitted into the middle half of the frame. `aspect` is the source's
 * picture width / height when known; text without one is assumed a 4:1 line.
 */
export function defaultLayerBox(kind: SourceKind, frameAspect: number, aspect?: number): LayerBox {
  if (FULL_FRAME_KINDS.has(kind)) return fitBox(FULL_FRAME, aspect ?? frameAspect, frameAspect);
  const middle = { x: 0.25, y: 0.25, width: 0.5, height: 0.5 };
  return fitBox(middle, aspect ?? (kind === 'text' ? 4 : frameAspect), frameAspect);
}

/** Adds a layer for `sourceId` at the top of a scene. `aspect`: the source's width / height, if known. */
export function addLayer(
  c: SceneCollection,
  sceneId: string,
  sourceId: string,
  options: { aspect?: number; name?: string } = {},
): Added {
  const source = c.sources.find((s) => s.id === sourceId);
  if (!source) throw unknownId('source', sourceId);
  if (!hasPicture(source.spec)) {
    throw invalidEdit(`"${source.name}" has no picture to show; it is in the audio mixer already.`);
  }
  const layer: Layer = {
    ...fullFrameLayer(sourceId, options.name ?? source.name),
    ...defaultLayerBox(source.spec.kind, outputAspect(c), options.aspect),
  };
  return { collection: withScene(c, sceneId, (s) => ({ ...s, layers: [...s.layers, layer] })), id: layer.id };
}

function finite(value: number | undefined, field: string): number | undefined {
  if (value !== undefined && !Number.isFinite(value))
    throw invalidEdit(`A layer's ${field} must be a finite number.`);
  return value;
}

/**
 * Keeps a pair of opposite crops within MAX_CROP_SUM. The side the user is changing gives way, so
 * dragging one crop edge never moves the other; when both change at once they shrink together.
 */
function fitCropPair(a: number, b: number, aChanged: boolean, bChanged: boolean): [number, number] {
  a = clamp(a, 0, MAX_CROP_SUM);
  b = clamp(b, 0, MAX_CROP_SUM);
  if (a + b <= MAX_CROP_SUM) return [a, b];
  if (aChanged && !bChanged) return [MAX_CROP_SUM - b, b];
  if (bChanged && !aChanged) return [a, MAX_CROP_SUM - a];
  const k = MAX_CROP_SUM / (a + b);
  return [a * k, b * k];
}

function patchedCrop(crop: Crop, patch: Partial<Crop>): Crop {
  for (const side of ['left', 'top', 'right', 'bottom'] as const) finite(patch[side], `crop.${side}`);
  const next = { ...crop, ...patch };
  const [left, right] = fitCropPair(
    next.left,
    next.right,
    patch.left !== undefined,
    patch.right !== undefined,
  );
  const [top, bottom] = fitCropPair(
    next.top,
    next.bottom,
    patch.top !== undefined,
    patch.bottom !== undefined,
  );
  return { left, top, right, bottom };
}

function checkedChromaKey(key: ChromaKey): ChromaKey {
  if (!isOpaqueHex6(key.color))
    throw invalidEdit(`The chroma key colour must be like #00ff00, not "${key.color}".`);
  const unit = (v: number, field: string) => clamp(finite(v, `chromaKey.${field}`)!, 0, 1);
  return {
    color: key.color,
    similarity: unit(key.similarity, 'similarity'),
    smoothness: unit(key.smoothness, 'smoothness'),
    spill: unit(key.spill, 'spill'),
  };
}

/**
 * Applies a partial change, clamped: opacity 0..1, width and height ≥ MIN_LAYER_SIZE, crop sides ≥ 0
 * with left + right and top + bottom ≤ MAX_CROP_SUM, rotation into (-180, 180]. Non-finite numbers
 * throw `studio/invalid-edit`.
 */
export function updateLayer(
  c: SceneCollection,
  sceneId: string,
  layerId: string,
  patch: LayerPatch,
): SceneCollection {
  return withScene(c, sceneId, (scene) => {
    const i = layerIndex(scene, layerId);
    const layer = scene.layers[i]!;
    const { crop, chromaKey, ...plain } = patch;
    for (const field of ['x', 'y', 'width', 'height', 'rotation', 'opacity'] as const)
      finite(plain[field], field);
    const next: Layer = { ...layer, ...plain };
    next.width = Math.max(MIN_LAYER_SIZE, next.width);
    next.height = Math.max(MIN_LAYER_SIZE, next.height);
    next.opacity = clamp(next.opacity, 0, 1);
    next.rotation = normalizeRotation(next.rotation);
    if (crop) next.crop = patchedCrop(layer.crop, crop);
    if (chromaKey === null) delete next.chromaKey;
    else if (chromaKey) next.chromaKey = checkedChromaKey(chromaKey);
    const layers = scene.layers.slice();
    layers[i] = next;
    return { ...scene, layers };
  });
}

export function setLayerVisible(
  c: SceneCollection,
  sceneId: string,
  layerId: string,
  visible: boolean,
): SceneCollection {
  return updateLayer(c, sceneId, layerId, { visible });
}

/** Locked layers cannot be picked or moved on the canvas (they can still be edited from the list). */
export function setLayerLocked(
  c: SceneCollection,
  sceneId: string,
  layerId: string,
  locked: boolean,
): SceneCollection {
  return updateLayer(c, sceneId, layerId, { locked });
}

export function removeLayer(c: SceneCollection, sceneId: string, layerId: string): SceneCollection {
  return withScene(c, sceneId, (scene) =>
    scene.layers.some((l) => l.id === layerId)
      ? { ...scene, layers: scene.layers.filter((l) => l.id !== layerId) }
      : scene,
  );
}

/** A copy just above the original, offset down-right by DUPLICATE_OFFSET so both can be seen. */
export function duplicateLayer(c: SceneCollection, sceneId: string, layerId: string): Added {
  const id = createId('layer');
  const collection = withScene(c, sceneId, (scene) => {
    const i = layerIndex(scene, layerId);
    const original = scene.layers[i]!;
    const copy: Layer = {
      ...original,
      id,
      crop: { ...original.crop },
      x: original.x + DUPLICATE_OFFSET,
      y: original.y + DUPLICATE_OFFSET,
    };
    const layers = scene.layers.slice();
    layers.splice(i + 1, 0, copy);
    return { ...scene, layers };
  });
  return { collection, id };
}

/** Z-order: `up`/`down` one step, `front`/`back` all the way (index 0 is the back). */
export function moveLayer(
  c: SceneCollection,
  sceneId: string,
  layerId: string,
  move: ZOrderMove,
): SceneCollection {
  return withScene(c, sceneId, (scene) => {
    const from = layerIndex(scene, layerId);
    const last = scene.layers.length - 1;
    const to = { up: Math.min(last, from + 1), down: Math.max(0, from - 1), front: last, back: 0 }[move];
    if (to === from) return scene;
    const layers = scene.layers.slice();
    const [layer] = layers.splice(from, 1);
    layers.splice(to, 0, layer!);
    return { ...scene, layers };
  });
}
