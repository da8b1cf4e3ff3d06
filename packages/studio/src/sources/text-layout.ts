import type { TextSpec } from '../scene/scene-types';

/** What the layout needs of a font: the advance width of a string, and the font's ascent/descent. */
export interface MeasuredText {
  width: number;
  ascent: number;
  descent: number;
}

/** Measures `text` in the CSS `font` (Canvas2D's measureText in the browser; a stand-in in tests). */
export type MeasureText = (text: string, font: string) => MeasuredText;

export interface TextLayoutOptions {
  /** Lines of the output frame; `TextSpec` sizes are for 1080 lines and scale with this. */
  outputHeight?: number;
  /** The widest the whole picture may be, px (default: 90% of a 16:9 output's width). */
  maxWidth?: number;
}

export interface TextLine {
  text: string;
  font: string;
  color: string;
  /** Left edge of the line's text, px. */
  x: number;
  /** Alphabetic baseline, px. */
  baseline: number;
  width: number;
}

export interface BoxRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Everything needed to paint a `TextSpec`, in px of a `width` × `height` picture. */
export interface TextLayout {
  width: number;
  height: number;
  /** outputHeight / 1080. */
  scale: number;
  background?: BoxRect & { color: string; radius: number };
  accent?: BoxRect & { color: string };
  lines: TextLine[];
}

/** Lines are this many times their font size apart: room for accents and descenders. */
export const LINE_HEIGHT = 1.25;
/** The subtitle line's size against the main text's. */
export const SUBTITLE_SCALE = 0.6;
/** The lower third's accent bar: its width, and the gap to the text when there is no box, per font size. */
export const ACCENT_WIDTH = 0.15;
export const ACCENT_GAP = 0.3;
/** Font metrics come from this string, so every line of one font has the same height and baseline. */
const METRICS_SAMPLE = 'ÁHgjy';

/** The CSS font shorthand for Canvas2D. */
export function textFont(sizePx: number, bold: boolean, family: string): string {
  return `${bold ? 'bold ' : ''}${sizePx}px ${family}`;
}

/**
 * Lays out a text or lower-third source: the text broken into lines (at `\n`, then greedily at
 * spaces, then inside a word too long for a line), an optional subtitle line in a smaller font,
 * the background box with its padding and radius, the accent bar of a lower third (beside the box,
 * on the side the text is aligned to: right for right-aligned, else left), and each line's
 * position for its alignment. The picture is exactly as large as that needs (at least 1×1 px).
 */
export function layoutText(
  spec: TextSpec,
  measure: MeasureText,
  options: TextLayoutOptions = {},
): TextLayout {
  const outputHeight = options.outputHeight ?? 1080;
  const scale = outputHeight / 1080;
  const size = Math.max(1, Math.round(spec.fontSizePx * scale));
  const subSize = Math.max(1, Math.round(size * SUBTITLE_SCALE));
  const mainFont = textFont(size, spec.bold, spec.fontFamily);
  const subFont = textFont(subSize, false, spec.fontFamily);

  const padding = spec.background ? Math.round(spec.background.paddingPx * scale) : 0;
  const lowerThird = spec.style === 'lower-third';
  const accentWidth = lowerThird ? Math.max(2, Math.round(size * ACCENT_WIDTH)) : 0;
  // With a box the bar touches it; without one, the text keeps a little distance from the bar.
  const accentGap = lowerThird && !spec.background ? Math.round(size * ACCENT_GAP) : 0;
  const maxWidth = options.maxWidth ?? Math.round(outputHeight * (16 / 9) * 0.9);
  const maxLine = Math.max(size, maxWidth - accentWidth - accentGap - 2 * padding);

  const width = (text: string, font: string): number => measure(text, font).width;
  const mainTexts = breakLines(spec.text, mainFont, maxLine, width);
  const subTexts = spec.subtitle ? breakLines(spec.subtitle, subFont, maxLine, width) : [];

  const rows = [
    ...mainTexts.map((text) => ({ text, font: mainFont, lineHeight: Math.round(size * LINE_HEIGHT) })),
    ...subTexts.map((text) => ({ text, font: subFont, lineHeight: Math.round(subSize * LINE_HEIGHT) })),
  ];
  const measured = rows.map((row) => ({ ...row, width: width(row.text, row.font) }));
  const contentWidth = Math.ceil(Math.max(0, ...measured.map((row) => row.width)));
  const contentHeight = measured.reduce((sum, row) => sum + row.lineHeight, 0);

  const boxWidth = contentWidth + 2 * padding;
  const totalWidth = Math.max(1, accentWidth + accentGap + boxWidth);
  const totalHeight = Math.max(1, contentHeight + 2 * padding);
  const accentRight = spec.align === 'right';
  const boxX = accentRight ? 0 : accentWidth + accentGap;
  const contentX = boxX + padding;

  const lines: TextLine[] = [];
  let top = padding;
  for (const row of measured) {
    const { ascent, descent } = measure(METRICS_SAMPLE, row.font);
    const slack = contentWidth - row.width;
    const offset = spec.align === 'left' ? 0 : spec.align === 'center' ? slack / 2 : slack;
    lines.push({
      text: row.text,
      font: row.font,
      color: spec.color,
      x: contentX + offset,
      baseline: top + (row.lineHeight - (ascent + descent)) / 2 + ascent,
      width: row.width,
    });
    top += row.lineHeight;
  }

  const layout: TextLayout = { width: totalWidth, height: totalHeight, scale, lines };
  if (spec.background)
    layout.background = {
      x: boxX,
      y: 0,
      width: boxWidth,
      height: totalHeight,
      color: spec.background.color,
      radius: Math.min(Math.round(spec.background.radiusPx * scale), Math.floor(totalHeight / 2)),
    };
  if (lowerThird)
    layout.accent = {
      x: accentRight ? totalWidth - accentWidth : 0,
      y: 0,
      width: accentWidth,
      height: totalHeight,
      color: spec.accentColor ?? spec.color,
    };
  return layout;
}

/**
 * Breaks `text` into lines no wider than `maxWidth`: at each `\n`, then greedily at spaces; a word
 * wider than a line on its own is cut between characters (a URL or a long name must not overflow
 * the picture). An empty text is one empty line.
 */
export function breakLines(
  text: string,
  font: string,
  maxWidth: number,
  width: (text: string, font: string) => number,
): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line ? `${line} ${word}` : word;
      if (width(candidate, font) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = word;
      while (line.length > 1 && width(line, font) > maxWidth) {
        const cut = longestFittingPrefix(line, font, maxWidth, width);
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line);
  }
  return lines;
}

/** The length of the longest prefix of `word` that fits (at least one character, so it progresses). */
function longestFittingPrefix(
  word: string,
  font: string,
  maxWidth: number,
  width: (text: string, font: string) => number,
): number {
  let low = 1;
  let high = word.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (width(word.slice(0, mid), font) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return low;
}
