import type { Point, Size } from '@brume/studio';

/**
 * Where the output picture is drawn inside the preview box, in CSS px relative to that box: the
 * picture is letterboxed (`object-fit: contain`), so a 16:9 frame in a taller box has bars above and
 * below. The canvas editor lays its overlay on this rectangle and maps pointers through it.
 */
export interface Viewport {
  left: number;
  top: number;
  width: number;
  height: number;
  /** Output pixels per CSS pixel (the same on both axes: the aspect is kept). */
  outputPerCss: number;
}

/** The letterboxed picture rectangle of a `frame`-sized output shown in a `box`-sized element. */
export function letterbox(box: Size, frame: Size): Viewport {
  if (!(box.width > 0 && box.height > 0 && frame.width > 0 && frame.height > 0)) {
    return { left: 0, top: 0, width: 0, height: 0, outputPerCss: 1 };
  }
  const scale = Math.min(box.width / frame.width, box.height / frame.height);
  const width = frame.width * scale;
  const height = frame.height * scale;
  return {
    left: (box.width - width) / 2,
    top: (box.height - height) / 2,
    width,
    height,
    outputPerCss: 1 / scale,
  };
}

/** A point in CSS px relative to the preview box, in output pixels (may lie outside the frame). */
export function cssToOutput(view: Viewport, point: Point): Point {
  return { x: (point.x - view.left) * view.outputPerCss, y: (point.y - view.top) * view.outputPerCss };
}

/** An output-pixel point back to CSS px relative to the preview box. */
export function outputToCss(view: Viewport, point: Point): Point {
  return { x: view.left + point.x / view.outputPerCss, y: view.top + point.y / view.outputPerCss };
}
