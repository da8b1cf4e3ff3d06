import { parseColor } from '@brume/studio';

const hex2 = (n: number): string => Math.round(n).toString(16).padStart(2, '0');

/**
 * `<input type="color">` takes `#rrggbb` only, while scene colours may be `#rgb` or carry alpha:
 * the picker shows the opaque part (black for an unreadable value).
 */
export function colorInputValue(color: string): string {
  const c = parseColor(color);
  return c ? `#${hex2(c.r)}${hex2(c.g)}${hex2(c.b)}` : '#000000';
}

/** The picker's `#rrggbb` with the previous colour's alpha kept (a translucent box stays translucent). */
export function withPickedColor(previous: string, picked: string): string {
  const alpha = parseColor(previous)?.a ?? 1;
  return alpha < 1 ? `${picked}${hex2(alpha * 255)}` : picked;
}
