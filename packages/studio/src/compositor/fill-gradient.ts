/**
 * The line a linear gradient runs along inside a box of `width` × `height` pixels, from its start
 * (colour `color`) to its end (colour `to`), in box pixels (origin top-left). `angleDeg` 0 runs left
 * to right and 90 top to bottom (clockwise, y down). As in CSS `linear-gradient`, the line passes
 * through the centre and is long enough that the corners get the pure end colours, whatever the angle.
 */
export function gradientLine(
  width: number,
  height: number,
  angleDeg: number,
): { x0: number; y0: number; x1: number; y1: number } {
  const radians = (angleDeg * Math.PI) / 180;
  const dx = Math.cos(radians);
  const dy = Math.sin(radians);
  const half = Math.abs((width / 2) * dx) + Math.abs((height / 2) * dy);
  const cx = width / 2;
  const cy = height / 2;
  return { x0: cx - dx * half, y0: cy - dy * half, x1: cx + dx * half, y1: cy + dy * half };
}
