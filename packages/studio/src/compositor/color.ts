/** A colour as red, green, blue, alpha in 0..1. */
export type Rgba = [r: number, g: number, b: number, a: number];

const HEX = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const FUNCTIONAL = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/i;

/**
 * Parses `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb(r, g, b)` and `rgba(r, g, b, a)` (what a
 * Canvas2D context normalises any CSS colour to); undefined for anything else.
 */
export function parseColor(css: string): Rgba | undefined {
  const text = css.trim();
  const hex = HEX.exec(text)?.[1];
  if (hex) {
    const digits = hex.length <= 4 ? [...hex].map((digit) => digit + digit) : (hex.match(/../g) ?? []);
    const [r = 0, g = 0, b = 0, a = 255] = digits.map((pair) => parseInt(pair, 16));
    return [r / 255, g / 255, b / 255, a / 255];
  }
  const match = FUNCTIONAL.exec(text);
  if (!match) return undefined;
  const channel = (value: string | undefined) => Math.min(255, Number(value)) / 255;
  const alphaText = match[4];
  const alpha =
    alphaText === undefined
      ? 1
      : alphaText.endsWith('%')
        ? Number(alphaText.slice(0, -1)) / 100
        : Number(alphaText);
  return [channel(match[1]), channel(match[2]), channel(match[3]), Math.min(1, alpha)];
}
