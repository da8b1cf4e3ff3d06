import { describe, expect, it } from 'vitest';
import { colorInputValue, withPickedColor } from './color-input';

describe('colour input', () => {
  it('shows scene colours as #rrggbb', () => {
    expect(colorInputValue('#abc')).toBe('#aabbcc');
    expect(colorInputValue('#12345680')).toBe('#123456');
    expect(colorInputValue('#FF0000')).toBe('#ff0000');
    expect(colorInputValue('red')).toBe('#000000');
  });

  it('keeps the alpha of the colour it replaces', () => {
    expect(withPickedColor('#000000b3', '#ff0000')).toBe('#ff0000b3');
    expect(withPickedColor('#0008', '#00ff00')).toBe('#00ff0088');
    expect(withPickedColor('#000000', '#00ff00')).toBe('#00ff00');
  });
});
