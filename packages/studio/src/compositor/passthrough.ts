import type { Layer, Scene } from '../scene/scene-types';

const EPSILON = 1e-6;

function untouched(layer: Layer): boolean {
  const { crop } = layer;
  return (
    Math.abs(layer.x) < EPSILON &&
    Math.abs(layer.y) < EPSILON &&
    Math.abs(layer.width - 1) < EPSILON &&
    Math.abs(layer.height - 1) < EPSILON &&
    layer.rotation === 0 &&
    layer.opacity >= 1 &&
    crop.left === 0 &&
    crop.top === 0 &&
    crop.right === 0 &&
    crop.bottom === 0 &&
    layer.chromaKey === undefined
  );
}

/**
 * The source whose frames can go out as they are: a scene showing exactly one visible layer, full
 * frame, unrotated, uncropped, opaque and unkeyed. Drawing it would copy every pixel to get the same
 * picture (at 1080p in software, most of a frame's budget), so the compositor forwards the source's
 * own frame instead when its size is the output's. Undefined for anything else.
 */
export function passthroughSource(scene: Scene | undefined): string | undefined {
  if (!scene) return undefined;
  let only: Layer | undefined;
  for (const layer of scene.layers) {
    if (!layer.visible) continue;
    if (only) return undefined;
    only = layer;
  }
  return only && untouched(only) ? only.sourceId : undefined;
}
