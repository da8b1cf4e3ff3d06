import { describe, expect, it } from 'vitest';
import { parseColor } from './color';

describe('parseColor', () => {
  it('reads hex colours of every length', () => {
    expect(parseColor('#ff0000')).toEqual([1, 0, 0, 1]);
    expect(parseColor('#0F0')).toEqual([0, 1, 0, 1]);
    expect(parseColor('#00f8')).toEqual([0, 0, 1, 0x88 / 255]);
    expect(parseColor('#00000080')).toEqual([0, 0, 0, 128 / 255]);
  });

  it('reads rgb() and rgba() as a Canvas2D context normalises them', () => {
    expect(parseColor('rgb(255, 0, 51)')).toEqual([1, 0, 0.2, 1]);
    expect(parseColor('rgba(0, 255, 0, 0.5)')).toEqual([0, 1, 0, 0.5]);
    expect(parseColor('rgb(0 0 255 / 25%)')).toEqual([0, 0, 1, 0.25]);
  });

  it('refuses anything else', () => {
    expect(parseColor('red')).toBeUndefined();
    expect(parseColor('#12345')).toBeUndefined();
    expect(parseColor('hsl(0, 100%, 50%)')).toBeUndefined();
  });
});
