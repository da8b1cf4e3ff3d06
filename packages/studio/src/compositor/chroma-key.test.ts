import { describe, expect, it } from 'vitest';
import { applyChromaKey, chromaKeyParams, keyAlpha, rgbToCbCr, spillKeep } from './chroma-key';

const green = { color: '#00ff00', similarity: 0.4, smoothness: 0.08, spill: 0.1 };

function keyed(rgba: number[], key = green): number[] {
  const data = new Uint8ClampedArray(rgba);
  applyChromaKey(data, chromaKeyParams(key)!);
  return [...data];
}

describe('chroma key', () => {
  it('puts every grey at the centre of the Cb/Cr plane', () => {
    for (const v of [0, 0.5, 1]) {
      const [cb, cr] = rgbToCbCr(v, v, v);
      expect(cb).toBeCloseTo(0.5, 3);
      expect(cr).toBeCloseTo(0.5, 3);
    }
  });

  it('removes the key colour and its darker and lighter shades', () => {
    expect(keyed([0, 255, 0, 255])[3]).toBe(0);
    expect(keyed([20, 180, 30, 255])[3]).toBe(0);
  });

  it('keeps colours far from the key untouched', () => {
    expect(keyed([255, 0, 0, 255])).toEqual([255, 0, 0, 255]);
    expect(keyed([0, 0, 255, 128])).toEqual([0, 0, 255, 128]);
    expect(keyed([128, 128, 128, 255])).toEqual([128, 128, 128, 255]);
  });

  it('keys blue when asked to', () => {
    expect(keyed([0, 0, 255, 255], { ...green, color: '#0000ff' })[3]).toBe(0);
    expect(keyed([0, 255, 0, 255], { ...green, color: '#0000ff' })[3]).toBe(255);
  });

  it('fades the edge over `smoothness` and cuts hard without it', () => {
    expect(keyAlpha(-0.01, 0.1)).toBe(0);
    expect(keyAlpha(0.05, 0.1)).toBeCloseTo(0.5 ** 1.5);
    expect(keyAlpha(0.2, 0.1)).toBe(1);
    expect(keyAlpha(0.001, 0)).toBe(1);
    expect(keyAlpha(0, 0)).toBe(0);
  });

  it('desaturates kept pixels near the edge only when spill is set', () => {
    expect(spillKeep(0.01, 0)).toBe(1);
    expect(spillKeep(0.05, 0.1)).toBeCloseTo(0.5 ** 1.5);
    // A greenish grey just outside the key zone loses its tint toward grey.
    const key = { ...green, similarity: 0.1, smoothness: 0, spill: 0.5 };
    const [r, g, b, a] = keyed([110, 160, 110, 255], key);
    expect(a).toBe(255);
    expect(g! - r!).toBeLessThan(50);
    expect(r).toBe(b);
    expect(keyed([110, 160, 110, 255], { ...key, spill: 0 })).toEqual([110, 160, 110, 255]);
  });

  it('keys nothing for a colour it cannot read', () => {
    expect(chromaKeyParams({ ...green, color: 'greenish' })).toBeUndefined();
  });
});
