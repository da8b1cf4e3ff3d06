import type { TextSpec } from '../scene/scene-types';
import { StudioError } from '../studio-error';
import { layoutText, type MeasureText, type TextLayout, type TextLayoutOptions } from './text-layout';

type Context2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/** An OffscreenCanvas where there is one (no DOM node), else a detached `<canvas>`. */
function createContext(width: number, height: number): { ctx: Context2D; toBitmap(): Promise<ImageBitmap> } {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw StudioError.unsupported('draw text (no 2D canvas)');
    return { ctx, toBitmap: () => Promise.resolve(canvas.transferToImageBitmap()) };
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw StudioError.unsupported('draw text (no 2D canvas)');
  return { ctx, toBitmap: () => createImageBitmap(canvas) };
}

/** Canvas2D's measureText as the layout wants it (font-wide ascent/descent, not the glyphs'). */
function canvasMeasure(ctx: Context2D): MeasureText {
  return (text, font) => {
    ctx.font = font;
    const metrics = ctx.measureText(text);
    const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 16);
    return {
      width: metrics.width,
      ascent: metrics.fontBoundingBoxAscent ?? size * 0.8,
      descent: metrics.fontBoundingBoxDescent ?? size * 0.2,
    };
  };
}

/**
 * Waits for the web fonts the text uses, so the first picture is not drawn (and measured) in a
 * fallback font. A font that fails to load falls back, as it would on a page.
 */
async function loadFonts(spec: TextSpec, sizePx: number): Promise<void> {
  const fonts = globalThis.document?.fonts;
  if (!fonts) return;
  const faces = [
    `${spec.bold ? 'bold ' : ''}${sizePx}px ${spec.fontFamily}`,
    `${sizePx}px ${spec.fontFamily}`,
  ];
  await Promise.all(faces.map((face) => fonts.load(face).catch(() => [])));
}

/** Renders a text or lower-third spec to a bitmap exactly as large as the text needs. */
export async function renderText(
  spec: TextSpec,
  options: TextLayoutOptions = {},
): Promise<{ bitmap: ImageBitmap; layout: TextLayout }> {
  await loadFonts(spec, spec.fontSizePx);
  const probe = createContext(1, 1);
  const layout = layoutText(spec, canvasMeasure(probe.ctx), options);
  const { ctx, toBitmap } = createContext(layout.width, layout.height);
  paintText(ctx, layout);
  return { bitmap: await toBitmap(), layout };
}

/** Paints a laid-out text on a transparent canvas of the layout's size. */
export function paintText(ctx: Context2D, layout: TextLayout): void {
  ctx.clearRect(0, 0, layout.width, layout.height);
  const { background, accent } = layout;
  if (background) {
    ctx.fillStyle = background.color;
    ctx.beginPath();
    ctx.roundRect(background.x, background.y, background.width, background.height, background.radius);
    ctx.fill();
  }
  if (accent) {
    ctx.fillStyle = accent.color;
    ctx.fillRect(accent.x, accent.y, accent.width, accent.height);
  }
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  for (const line of layout.lines) {
    ctx.font = line.font;
    ctx.fillStyle = line.color;
    ctx.fillText(line.text, line.x, line.baseline);
  }
}
