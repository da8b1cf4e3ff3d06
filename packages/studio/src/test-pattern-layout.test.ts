import { decodeTimecode, encodeTimecode, TIMECODE_CELLS, timecodeStripHeight } from '@brume/protocol';
import { describe, expect, it } from 'vitest';
import { testPatternLayout, timecodeCells } from './test-pattern-layout';

describe('timecode geometry', () => {
  it.each([
    [1280, 720],
    [1920, 1080],
    [640, 360],
    [1366, 768],
    [333, 100],
  ])('tiles the full width of a %i×%i frame with %#', (width, height) => {
    const layout = testPatternLayout(width, height);
    expect(layout.strip).toEqual({ x: 0, y: 0, width, height: timecodeStripHeight(height) });
    expect(layout.cells).toHaveLength(TIMECODE_CELLS);
    let x = 0;
    for (const cell of layout.cells) {
      expect(cell.x).toBe(x);
      expect(cell.y).toBe(0);
      expect(cell.height).toBe(layout.strip.height);
      expect(cell.width).toBeGreaterThan(0);
      x += cell.width;
    }
    expect(x).toBe(width);
  });

  it('keeps everything else below the strip', () => {
    const layout = testPatternLayout(1280, 720);
    expect(layout.bars.y).toBe(layout.strip.height);
    expect(layout.panel.y).toBe(layout.bars.y + layout.bars.height);
    expect(layout.panel.y + layout.panel.height).toBe(720);
    expect(layout.flash.x + layout.flash.width).toBeLessThanOrEqual(1280);
  });

  it.each([
    [1280, 720],
    [641, 361],
  ])('draws a strip the protocol decoder reads back (%i×%i)', (width, height) => {
    const time = Date.UTC(2025, 5, 1, 12, 0, 0, 123);
    const stripHeight = timecodeStripHeight(height);
    const cells = timecodeCells(width, stripHeight);
    const bits = encodeTimecode(time);
    const rgba = new Uint8ClampedArray(width * stripHeight * 4);
    cells.forEach((cell, i) => {
      const level = bits[i] ? 255 : 0;
      for (let y = cell.y; y < cell.y + cell.height; y++)
        for (let x = cell.x; x < cell.x + cell.width; x++) {
          const p = (y * width + x) * 4;
          rgba[p] = rgba[p + 1] = rgba[p + 2] = level;
          rgba[p + 3] = 255;
        }
    });
    expect(decodeTimecode(rgba, width, stripHeight, time + 5000)).toBe(time);
  });
});
