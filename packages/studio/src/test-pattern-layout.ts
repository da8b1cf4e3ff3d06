import { TIMECODE_CELLS, timecodeStripHeight } from '@brume/protocol';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where each part of the test pattern goes on a frame, in whole pixels. */
export interface TestPatternLayout {
  width: number;
  height: number;
  /** The machine-readable timecode strip: the full width, the top `timecodeStripHeight(h)` rows. */
  strip: Rect;
  /** One rect per timecode cell, left to right, edge to edge across the strip. */
  cells: Rect[];
  /** Colour bars with the moving sweep marker. */
  bars: Rect;
  /** The lower panel: clock, frame counter, caption and sync flash. */
  panel: Rect;
  /** The square that flashes white with the audio beep at each wall-clock second. */
  flash: Rect;
}

/**
 * Cell edges are rounded from `i * width / TIMECODE_CELLS` so the cells tile the strip exactly (no
 * gap or overlap at any width); the reader samples only the middle half of each cell, so the ±1 px
 * this rounding moves an edge never reaches a sample.
 */
export function timecodeCells(width: number, stripHeight: number): Rect[] {
  const cells: Rect[] = [];
  for (let i = 0; i < TIMECODE_CELLS; i++) {
    const x0 = Math.round((i * width) / TIMECODE_CELLS);
    const x1 = Math.round(((i + 1) * width) / TIMECODE_CELLS);
    cells.push({ x: x0, y: 0, width: x1 - x0, height: stripHeight });
  }
  return cells;
}

export function testPatternLayout(width: number, height: number): TestPatternLayout {
  const stripHeight = timecodeStripHeight(height);
  const barsBottom = Math.round(height * 0.55);
  const panelHeight = height - barsBottom;
  const flashSize = Math.round(panelHeight * 0.5);
  return {
    width,
    height,
    strip: { x: 0, y: 0, width, height: stripHeight },
    cells: timecodeCells(width, stripHeight),
    bars: { x: 0, y: stripHeight, width, height: barsBottom - stripHeight },
    panel: { x: 0, y: barsBottom, width, height: panelHeight },
    flash: {
      x: width - flashSize - Math.round(panelHeight * 0.25),
      y: barsBottom + Math.round((panelHeight - flashSize) / 2),
      width: flashSize,
      height: flashSize,
    },
  };
}
