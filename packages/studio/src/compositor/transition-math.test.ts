import { describe, expect, it } from 'vitest';
import {
  easeInOutCubic,
  slideOffsets,
  transitionDone,
  transitionPlacements,
  transitionProgress,
  wipeRect,
} from './transition-math';

describe('transition timing', () => {
  it('eases in and out symmetrically and stays within 0..1', () => {
    expect(easeInOutCubic(0)).toBe(0);
    expect(easeInOutCubic(0.5)).toBe(0.5);
    expect(easeInOutCubic(1)).toBe(1);
    expect(easeInOutCubic(0.25)).toBeCloseTo(1 - easeInOutCubic(0.75), 10);
    expect(easeInOutCubic(0.1)).toBeLessThan(0.1);
    expect(easeInOutCubic(-1)).toBe(0);
    expect(easeInOutCubic(2)).toBe(1);
  });

  it('gives the eased progress at a moment and says when it is done', () => {
    const fade = { kind: 'fade' as const, durationMs: 1000 };
    expect(transitionProgress(fade, 0)).toBe(0);
    expect(transitionProgress(fade, 500)).toBe(0.5);
    expect(transitionProgress(fade, 250)).toBeCloseTo(0.0625);
    expect(transitionProgress(fade, 5000)).toBe(1);
    expect(transitionDone(fade, 999)).toBe(false);
    expect(transitionDone(fade, 1000)).toBe(true);
  });

  it('finishes a cut or a zero-length transition at once', () => {
    expect(transitionProgress({ kind: 'cut', durationMs: 1000 }, 0)).toBe(1);
    expect(transitionDone({ kind: 'cut', durationMs: 1000 }, 0)).toBe(true);
    expect(transitionProgress({ kind: 'fade', durationMs: 0 }, 0)).toBe(1);
    expect(transitionDone({ kind: 'wipe', durationMs: Number.NaN }, 0)).toBe(true);
  });
});

describe('slideOffsets', () => {
  it('brings the incoming scene in from its side and pushes the outgoing one out the other', () => {
    expect(slideOffsets('left', 0)).toEqual({ from: { x: 0, y: 0 }, to: { x: -1, y: 0 } });
    expect(slideOffsets('left', 0.25)).toEqual({ from: { x: 0.25, y: 0 }, to: { x: -0.75, y: 0 } });
    expect(slideOffsets('right', 0.25)).toEqual({ from: { x: -0.25, y: 0 }, to: { x: 0.75, y: 0 } });
    expect(slideOffsets('up', 0.5)).toEqual({ from: { x: 0, y: 0.5 }, to: { x: 0, y: -0.5 } });
    expect(slideOffsets('down', 1).to).toEqual({ x: 0, y: 0 });
  });
});

describe('wipeRect', () => {
  it('grows from the edge the incoming scene comes from', () => {
    expect(wipeRect('left', 0.3)).toEqual({ x: 0, y: 0, width: 0.3, height: 1 });
    expect(wipeRect('right', 0.3)).toEqual({ x: 0.7, y: 0, width: 0.3, height: 1 });
    expect(wipeRect('up', 0.5)).toEqual({ x: 0, y: 0, width: 1, height: 0.5 });
    expect(wipeRect('down', 0.25)).toEqual({ x: 0, y: 0.75, width: 1, height: 0.25 });
  });
});

describe('transitionPlacements', () => {
  it('fades the incoming scene over the outgoing one', () => {
    const placements = transitionPlacements({ kind: 'fade', durationMs: 500 }, 0.4);
    expect(placements.map((p) => [p.scene, p.alpha])).toEqual([
      ['from', 1],
      ['to', 0.4],
    ]);
  });

  it('slides both scenes, whole, by their offsets', () => {
    const [from, to] = transitionPlacements({ kind: 'slide', durationMs: 500, direction: 'right' }, 0.5);
    expect(from!.dst).toEqual({ x: -0.5, y: 0, width: 1, height: 1 });
    expect(to!.dst).toEqual({ x: 0.5, y: 0, width: 1, height: 1 });
    expect(to!.src).toEqual({ x: 0, y: 0, width: 1, height: 1 });
  });

  it('wipes by drawing the same part of the incoming scene over the outgoing one', () => {
    const [from, to] = transitionPlacements({ kind: 'wipe', durationMs: 500, direction: 'down' }, 0.5);
    expect(from!.dst).toEqual({ x: 0, y: 0, width: 1, height: 1 });
    expect(to!.src).toEqual({ x: 0, y: 0.5, width: 1, height: 0.5 });
    expect(to!.dst).toEqual(to!.src);
  });

  it('defaults slide and wipe to entering from the left', () => {
    const [, to] = transitionPlacements({ kind: 'wipe', durationMs: 500 }, 0.2);
    expect(to!.dst).toEqual({ x: 0, y: 0, width: 0.2, height: 1 });
  });

  it('draws only the incoming scene at the end and for a cut', () => {
    expect(transitionPlacements({ kind: 'slide', durationMs: 500 }, 1)).toEqual([
      {
        scene: 'to',
        src: { x: 0, y: 0, width: 1, height: 1 },
        dst: { x: 0, y: 0, width: 1, height: 1 },
        alpha: 1,
      },
    ]);
    expect(transitionPlacements({ kind: 'cut', durationMs: 500 }, 0)).toHaveLength(1);
  });
});
