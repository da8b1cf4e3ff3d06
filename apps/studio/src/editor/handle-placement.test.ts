import { describe, expect, it } from 'vitest';
import { rotateHandleOffset } from './handle-placement';

const FRAME = { width: 1280, height: 720 };

describe('rotate handle placement', () => {
  it('sits above a box with room above it', () => {
    expect(rotateHandleOffset({ x: 100, y: 200, width: 300, height: 200, rotation: 0 }, FRAME, 40)).toBe(40);
  });

  it('goes inside a box at the top of the frame', () => {
    expect(rotateHandleOffset({ x: 0, y: 0, width: 1280, height: 720, rotation: 0 }, FRAME, 40)).toBe(-40);
  });

  it('follows the rotation: a box turned upside down has its handle below', () => {
    // Rotated 180°, the "top" handle is under the box, off the bottom of the frame here.
    expect(rotateHandleOffset({ x: 100, y: 500, width: 300, height: 200, rotation: 180 }, FRAME, 40)).toBe(
      -40,
    );
    expect(rotateHandleOffset({ x: 100, y: 100, width: 300, height: 200, rotation: 180 }, FRAME, 40)).toBe(
      40,
    );
  });
});
