/** An sRGB colour with straight alpha, channels 0..255 and alpha 0..1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

/**
 * Scene colours are hex only (`#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`): Canvas2D takes them as they
 * are and the WebGL renderer needs to parse them, which CSS names and functions would make heavy.
 */
export function parseColor(text: string): Rgba | undefined {
  if (!HEX.test(text)) return undefined;
  let hex = text.slice(1);
  if (hex.length <= 4) hex = [...hex].map((c) => c + c).join('');
  const byte = (i: number) => parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return { r: byte(0), g: byte(1), b: byte(2), a: hex.length === 8 ? byte(3) / 255 : 1 };
}

/** Chroma keys are opaque `#rrggbb`. */
export function isOpaqueHex6(text: string): boolean {
  return /^#[0-9a-f]{6}$/i.test(text);
}
