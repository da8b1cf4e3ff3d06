import { parseColor, type Rgba } from '../color';

/**
 * Turns any CSS colour (named, hsl(), ...) into RGBA for the shader: a Canvas2D context
 * normalises it to `#rrggbb` or `rgba()`, which `parseColor` reads. Unreadable colours are
 * transparent (drawn as nothing) rather than an error in the middle of a show. Cached: the same
 * few colours are asked for every frame.
 */
export class CssColors {
  private readonly cache = new Map<string, Rgba>();
  private context: OffscreenCanvasRenderingContext2D | null | undefined;

  rgba(css: string): Rgba {
    let rgba = this.cache.get(css);
    if (!rgba) {
      rgba = parseColor(css) ?? this.normalise(css) ?? [0, 0, 0, 0];
      if (this.cache.size > 256) this.cache.clear();
      this.cache.set(css, rgba);
    }
    return rgba;
  }

  private normalise(css: string): Rgba | undefined {
    this.context ??= new OffscreenCanvas(1, 1).getContext('2d');
    if (!this.context) return undefined;
    // An invalid colour leaves fillStyle unchanged: start from a sentinel to notice.
    this.context.fillStyle = '#010203';
    this.context.fillStyle = css;
    const normalised = String(this.context.fillStyle);
    if (normalised === '#010203' && css.trim().toLowerCase() !== '#010203') return undefined;
    return parseColor(normalised);
  }
}
