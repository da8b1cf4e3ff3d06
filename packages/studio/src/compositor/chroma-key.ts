import type { ChromaKey } from '../scene/scene-types';
import { parseColor } from './color';

/**
 * The chroma key both renderers apply, after OBS's "Chroma Key" filter: a pixel's distance from
 * the key colour is measured in the BT.709 Cb/Cr plane (so brightness does not matter, only hue
 * and saturation); closer than `similarity` is transparent, the next `smoothness` fades in, and
 * kept pixels near the edge lose the key's tint by desaturating toward their luma (`spill`).
 * The WebGL fragment shader (worker/webgl2-shaders.ts) is this code line for line; the Canvas2D
 * renderer runs `applyChromaKey` per pixel (much slower: use WebGL2 for keyed camera layers).
 */
export interface ChromaKeyParams {
  keyCb: number;
  keyCr: number;
  similarity: number;
  smoothness: number;
  spill: number;
}

/** BT.709 Cb and Cr of an RGB colour (0..1 in), offset so neutral grey is (0.5, 0.5). */
export function rgbToCbCr(r: number, g: number, b: number): [cb: number, cr: number] {
  return [-0.1146 * r - 0.3854 * g + 0.5 * b + 0.5, 0.5 * r - 0.4542 * g - 0.0458 * b + 0.5];
}

/** The key's parameters, or undefined when its colour is not `#rrggbb`-like (then nothing is keyed). */
export function chromaKeyParams(key: ChromaKey): ChromaKeyParams | undefined {
  const rgba = parseColor(key.color);
  if (!rgba) return undefined;
  const [keyCb, keyCr] = rgbToCbCr(rgba[0], rgba[1], rgba[2]);
  const unit = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);
  return {
    keyCb,
    keyCr,
    similarity: unit(key.similarity),
    smoothness: unit(key.smoothness),
    spill: unit(key.spill),
  };
}

/** How far `(r, g, b)` is beyond the keyed-out zone: < 0 inside it. */
function keyMargin(r: number, g: number, b: number, params: ChromaKeyParams): number {
  const [cb, cr] = rgbToCbCr(r, g, b);
  return Math.hypot(cb - params.keyCb, cr - params.keyCr) - params.similarity;
}

/** 0 (keyed out) .. 1 (kept) for a pixel `margin` beyond the similarity radius. */
export function keyAlpha(margin: number, smoothness: number): number {
  if (smoothness <= 0) return margin > 0 ? 1 : 0;
  return Math.min(1, Math.max(0, margin / smoothness)) ** 1.5;
}

/** 0 (fully desaturated) .. 1 (untouched): how much of a kept pixel's colour survives spill removal. */
export function spillKeep(margin: number, spill: number): number {
  if (spill <= 0) return 1;
  return Math.min(1, Math.max(0, margin / spill)) ** 1.5;
}

/** Keys RGBA bytes in place (an ImageData's `data`); alpha is multiplied, never raised. */
export function applyChromaKey(data: Uint8ClampedArray, params: ChromaKeyParams): void {
  for (let i = 0; i < data.length; i += 4) {
    const r = data[i]! / 255;
    const g = data[i + 1]! / 255;
    const b = data[i + 2]! / 255;
    const margin = keyMargin(r, g, b, params);
    const alpha = keyAlpha(margin, params.smoothness);
    if (alpha === 0) {
      data[i + 3] = 0;
      continue;
    }
    const keep = spillKeep(margin, params.spill);
    if (keep < 1) {
      const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      data[i] = (luma + (r - luma) * keep) * 255;
      data[i + 1] = (luma + (g - luma) * keep) * 255;
      data[i + 2] = (luma + (b - luma) * keep) * 255;
    }
    data[i + 3] = data[i + 3]! * alpha;
  }
}
