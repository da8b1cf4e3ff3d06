import { describe, expect, it } from 'vitest';
import type { TextSpec } from '../scene/scene-types';
import { breakLines, layoutText, textFont, type MeasureText } from './text-layout';

/** A monospace stand-in: every character is half the font size wide; ascent 0.8, descent 0.2 em. */
const measure: MeasureText = (text, font) => {
  const size = Number(/(\d+)px/.exec(font)?.[1]);
  return { width: text.length * size * 0.5, ascent: size * 0.8, descent: size * 0.2 };
};
const width = (text: string, font: string): number => measure(text, font).width;

const plain: TextSpec = {
  kind: 'text',
  text: 'Hello',
  fontFamily: 'Inter',
  fontSizePx: 40,
  bold: false,
  color: '#ffffff',
  align: 'left',
  style: 'plain',
};

describe('breakLines', () => {
  it('keeps words together while they fit and breaks at spaces', () => {
    // 20 px per character at 40 px: 10 characters per 200 px line.
    expect(breakLines('one two three four', '40px x', 200, width)).toEqual(['one two', 'three four']);
  });

  it('breaks at newlines, keeping empty lines', () => {
    expect(breakLines('a\n\nb', '40px x', 200, width)).toEqual(['a', '', 'b']);
  });

  it('cuts a word too long for a line between characters', () => {
    expect(breakLines('abcdefghijklmnopqrstuvwxy', '40px x', 200, width)).toEqual([
      'abcdefghij',
      'klmnopqrst',
      'uvwxy',
    ]);
  });

  it('makes progress even when one character is wider than a line', () => {
    expect(breakLines('abc', '40px x', 5, width)).toEqual(['a', 'b', 'c']);
  });

  it('gives one empty line for an empty text', () => {
    expect(breakLines('', '40px x', 200, width)).toEqual(['']);
  });
});

describe('layoutText', () => {
  it('is exactly as large as the text without a box', () => {
    const layout = layoutText(plain, measure);
    // 5 × 20 px wide; one line of 1.25 × 40 px.
    expect(layout).toMatchObject({ width: 100, height: 50, scale: 1 });
    expect(layout.background).toBeUndefined();
    expect(layout.accent).toBeUndefined();
    expect(layout.lines).toEqual([
      // Baseline: (50 − 40) / 2 + 32 = 37.
      { text: 'Hello', font: textFont(40, false, 'Inter'), color: '#ffffff', x: 0, baseline: 37, width: 100 },
    ]);
  });

  it('adds the padding on every side of the box and caps the radius at half the height', () => {
    const layout = layoutText(
      { ...plain, bold: true, background: { color: '#000000', paddingPx: 10, radiusPx: 100 } },
      measure,
    );
    expect(layout.width).toBe(120);
    expect(layout.height).toBe(70);
    expect(layout.background).toEqual({ x: 0, y: 0, width: 120, height: 70, color: '#000000', radius: 35 });
    expect(layout.lines[0]).toMatchObject({ x: 10, baseline: 47, font: 'bold 40px Inter' });
  });

  it('places each line for its alignment within the widest line', () => {
    const spec = { ...plain, text: 'Hello\nHi' };
    const x = (align: TextSpec['align']): number[] =>
      layoutText({ ...spec, align }, measure).lines.map((line) => line.x);
    expect(x('left')).toEqual([0, 0]);
    expect(x('center')).toEqual([0, 30]);
    expect(x('right')).toEqual([0, 60]);
  });

  it('sets a subtitle under the text, smaller and not bold', () => {
    const layout = layoutText({ ...plain, bold: true, subtitle: 'Speaker' }, measure);
    // 40 px text → 24 px subtitle, line height 30.
    expect(layout.lines.map((line) => line.font)).toEqual(['bold 40px Inter', '24px Inter']);
    expect(layout.height).toBe(50 + 30);
    // Second line box starts at 50: (30 − 24) / 2 + 19.2.
    expect(layout.lines[1]!.baseline).toBeCloseTo(50 + 3 + 19.2);
    // 'Speaker' is 7 × 12 = 84 px, narrower than 'Hello' at 100.
    expect(layout.width).toBe(100);
  });

  it('draws a lower third’s accent bar against the box, full height', () => {
    const layout = layoutText(
      {
        ...plain,
        style: 'lower-third',
        accentColor: '#ff0000',
        background: { color: '#000000', paddingPx: 10, radiusPx: 0 },
      },
      measure,
    );
    // Bar 0.15 × 40 = 6 px, then the 120 px box.
    expect(layout.accent).toEqual({ x: 0, y: 0, width: 6, height: 70, color: '#ff0000' });
    expect(layout.background).toMatchObject({ x: 6, width: 120 });
    expect(layout.width).toBe(126);
    expect(layout.lines[0]!.x).toBe(16);
  });

  it('keeps a gap between the bar and the text without a box, and puts the bar right for right-aligned text', () => {
    const left = layoutText({ ...plain, style: 'lower-third' }, measure);
    // Bar 6 px, gap 0.3 × 40 = 12 px; the bar takes the text colour without an accent colour.
    expect(left.accent).toMatchObject({ x: 0, width: 6, color: '#ffffff' });
    expect(left.lines[0]!.x).toBe(18);
    expect(left.width).toBe(118);
    const right = layoutText({ ...plain, style: 'lower-third', align: 'right' }, measure);
    expect(right.accent).toMatchObject({ x: 112, width: 6 });
    expect(right.lines[0]!.x).toBe(0);
  });

  it('scales sizes, padding and radius with the output height', () => {
    const layout = layoutText(
      { ...plain, background: { color: '#000000', paddingPx: 10, radiusPx: 8 } },
      measure,
      { outputHeight: 720 },
    );
    // 40 px at 1080 → 27 px at 720 (rounded); padding 7, radius 5.
    expect(layout.scale).toBeCloseTo(2 / 3);
    expect(layout.lines[0]!.font).toBe('27px Inter');
    expect(layout.background).toMatchObject({ radius: 5 });
    expect(layout.width).toBe(Math.ceil(5 * 13.5) + 14);
    expect(layout.height).toBe(Math.round(27 * 1.25) + 14);
  });

  it('wraps to the maximum width, counting the padding and the bar', () => {
    const layout = layoutText(
      {
        ...plain,
        text: 'aaaa bbbb cccc',
        style: 'lower-third',
        background: { color: '#000', paddingPx: 10, radiusPx: 0 },
      },
      measure,
      { maxWidth: 6 + 20 + 200 },
    );
    expect(layout.lines.map((line) => line.text)).toEqual(['aaaa bbbb', 'cccc']);
    expect(layout.width).toBeLessThanOrEqual(226);
  });

  it('is at least one pixel for an empty text', () => {
    const layout = layoutText({ ...plain, text: '' }, measure);
    expect(layout.width).toBe(1);
    expect(layout.height).toBe(50);
  });
});
