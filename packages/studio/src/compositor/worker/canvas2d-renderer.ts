import type { ColorSpec, Layer, Scene } from '../../scene/scene-types';
import { applyChromaKey, chromaKeyParams } from '../chroma-key';
import { gradientLine } from '../fill-gradient';
import { cropRect, layerMatrix } from '../layer-geometry';
import type { FrameContent, Renderer, SourceLookup } from './renderer';
import type { Drawable } from './source-store';

type Context2D = OffscreenCanvasRenderingContext2D;

/**
 * The fallback renderer, for workers without WebGL2. Same pictures as the WebGL2 renderer; the
 * chroma key runs per pixel in JavaScript on the layer's box (getImageData / putImageData), which
 * costs several milliseconds for a large layer: fine for a logo, slow for a full-frame camera.
 */
export class Canvas2dRenderer implements Renderer {
  readonly kind = 'canvas2d';
  private readonly context: Context2D;
  /** Whole-scene images for transitions; made on first use. */
  private scenes: [OffscreenCanvas, OffscreenCanvas] | undefined;
  /**
   * Keyed pictures per layer, redone only when the source's picture, the box size or the key
   * changes: a keyed still image costs one keying, a keyed camera one per camera frame.
   */
  private readonly keyed = new Map<string, { canvas: OffscreenCanvas; sourceId: string; stamp: string }>();

  static create(canvas: OffscreenCanvas): Canvas2dRenderer | undefined {
    const context = canvas.getContext('2d', { alpha: false });
    return context ? new Canvas2dRenderer(canvas, context) : undefined;
  }

  private constructor(
    readonly canvas: OffscreenCanvas,
    context: Context2D,
  ) {
    this.context = context;
  }

  resize(width: number, height: number): void {
    this.canvas.width = width;
    this.canvas.height = height;
    this.scenes = undefined;
  }

  draw(content: FrameContent, sources: SourceLookup): void {
    const { width, height } = this.canvas;
    if (content.type === 'scene') {
      this.drawScene(this.context, content.scene, sources, width, height);
      return;
    }
    this.scenes ??= [new OffscreenCanvas(width, height), new OffscreenCanvas(width, height)];
    const images = { from: this.scenes[0], to: this.scenes[1] };
    for (const which of ['from', 'to'] as const) {
      if (!content.placements.some((p) => p.scene === which)) continue;
      const context = images[which].getContext('2d', { alpha: false });
      if (context) this.drawScene(context, content[which], sources, width, height);
    }
    const context = this.context;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.globalAlpha = 1;
    context.fillStyle = '#000';
    context.fillRect(0, 0, width, height);
    for (const { scene, src, dst, alpha } of content.placements) {
      if (alpha <= 0 || src.width <= 0 || src.height <= 0) continue;
      context.globalAlpha = alpha;
      context.drawImage(
        images[scene],
        src.x * width,
        src.y * height,
        src.width * width,
        src.height * height,
        dst.x * width,
        dst.y * height,
        dst.width * width,
        dst.height * height,
      );
    }
    context.globalAlpha = 1;
  }

  releaseSource(sourceId: string): void {
    for (const [layerId, entry] of this.keyed) if (entry.sourceId === sourceId) this.keyed.delete(layerId);
  }

  dispose(): void {
    this.scenes = undefined;
    this.keyed.clear();
  }

  private drawScene(
    context: Context2D,
    scene: Scene,
    sources: SourceLookup,
    width: number,
    height: number,
  ): void {
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.globalAlpha = 1;
    context.fillStyle = '#000';
    context.fillRect(0, 0, width, height);
    for (const layer of scene.layers) {
      if (!layer.visible || layer.opacity <= 0) continue;
      const drawable = sources(layer.sourceId);
      if (drawable) this.drawLayer(context, layer, drawable, width, height);
    }
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.globalAlpha = 1;
  }

  private drawLayer(
    context: Context2D,
    layer: Layer,
    drawable: Drawable,
    width: number,
    height: number,
  ): void {
    const boxWidth = layer.width * width;
    const boxHeight = layer.height * height;
    if (!(boxWidth > 0 && boxHeight > 0)) return;
    const m = layerMatrix(layer, width, height);
    // Work in box pixels (not the unit square) so gradients and image scaling keep their aspect.
    context.setTransform(m[0] / boxWidth, m[1] / boxWidth, m[2] / boxHeight, m[3] / boxHeight, m[4], m[5]);
    context.globalAlpha = Math.min(1, layer.opacity);
    if (drawable.type === 'fill') {
      context.fillStyle = this.fillStyle(context, drawable.fill, boxWidth, boxHeight);
      context.fillRect(0, 0, boxWidth, boxHeight);
      return;
    }
    const crop = cropRect(layer.crop);
    if (!crop) return;
    const sx = crop.x * drawable.width;
    const sy = crop.y * drawable.height;
    const sw = crop.width * drawable.width;
    const sh = crop.height * drawable.height;
    const params = layer.chromaKey && chromaKeyParams(layer.chromaKey);
    if (!params) {
      context.drawImage(drawable.image, sx, sy, sw, sh, 0, 0, boxWidth, boxHeight);
      return;
    }
    const keyWidth = Math.max(1, Math.round(boxWidth));
    const keyHeight = Math.max(1, Math.round(boxHeight));
    const stamp = `${drawable.version}|${keyWidth}x${keyHeight}|${sx},${sy},${sw},${sh}|${JSON.stringify(params)}`;
    let entry = this.keyed.get(layer.id);
    if (entry?.stamp !== stamp) {
      const canvas =
        entry && entry.canvas.width === keyWidth && entry.canvas.height === keyHeight
          ? entry.canvas
          : new OffscreenCanvas(keyWidth, keyHeight);
      const keyContext = canvas.getContext('2d', { willReadFrequently: true });
      if (!keyContext) throw new Error('Canvas2D is not available for the chroma key');
      keyContext.clearRect(0, 0, keyWidth, keyHeight);
      keyContext.drawImage(drawable.image, sx, sy, sw, sh, 0, 0, keyWidth, keyHeight);
      const pixels = keyContext.getImageData(0, 0, keyWidth, keyHeight);
      applyChromaKey(pixels.data, params);
      keyContext.putImageData(pixels, 0, 0);
      entry = { canvas, sourceId: layer.sourceId, stamp };
      this.keyed.set(layer.id, entry);
    }
    context.drawImage(entry.canvas, 0, 0, keyWidth, keyHeight, 0, 0, boxWidth, boxHeight);
  }

  private fillStyle(
    context: Context2D,
    fill: ColorSpec,
    width: number,
    height: number,
  ): string | CanvasGradient {
    if (!fill.gradient) return fill.color;
    const line = gradientLine(width, height, fill.gradient.angleDeg);
    const gradient = context.createLinearGradient(line.x0, line.y0, line.x1, line.y1);
    try {
      gradient.addColorStop(0, fill.color);
      gradient.addColorStop(1, fill.gradient.to);
    } catch {
      // An unreadable colour (addColorStop throws) must not stop the show: draw the plain colour.
      return fill.color;
    }
    return gradient;
  }
}
