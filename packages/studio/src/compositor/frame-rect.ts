/** A rectangle; in output-frame units (0..1) unless a function says pixels. */
export interface FrameRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The whole frame in output-frame units. */
export const FULL_FRAME: Readonly<FrameRect> = { x: 0, y: 0, width: 1, height: 1 };
