import { encodeTimecode } from '@brume/protocol';
import { BEEP_DURATION_MS } from './test-tone';
import type { TestPatternLayout } from './test-pattern-layout';

/** 75% SMPTE bars: white, yellow, cyan, green, magenta, red, blue. */
const BARS = ['#bfbfbf', '#bfbf00', '#00bfbf', '#00bf00', '#bf00bf', '#bf0000', '#0000bf'];
/** The sweep crosses the bars once every this many ms, so every frame differs from the last. */
const SWEEP_PERIOD_MS = 4000;

export interface TestPatternFrame {
  /** Wall-clock time of this frame (Date.now() at draw time): the timecode and the clock show it. */
  nowMs: number;
  frameNumber: number;
  caption: string;
}

/**
 * Draws one test-pattern frame. The timecode strip uses pure #000/#fff so the reader's threshold has
 * the widest margin after encoding; everything else is decoration for humans.
 */
export function paintTestPattern(
  ctx: CanvasRenderingContext2D,
  layout: TestPatternLayout,
  frame: TestPatternFrame,
): void {
  const { width, height, bars, panel, flash } = layout;

  const barWidth = bars.width / BARS.length;
  BARS.forEach((colour, i) => {
    ctx.fillStyle = colour;
    const x0 = Math.round(i * barWidth);
    ctx.fillRect(x0, bars.y, Math.round((i + 1) * barWidth) - x0, bars.height);
  });

  const phase = (frame.nowMs % SWEEP_PERIOD_MS) / SWEEP_PERIOD_MS;
  const sweepWidth = Math.max(4, Math.round(width / 80));
  const sweepX = Math.round(phase * (width - sweepWidth));
  ctx.fillStyle = '#f5f5f5';
  ctx.fillRect(sweepX, bars.y, sweepWidth, bars.height);
  ctx.fillStyle = '#111';
  ctx.fillRect(
    sweepX + Math.round(sweepWidth / 3),
    bars.y,
    Math.max(1, Math.round(sweepWidth / 3)),
    bars.height,
  );

  ctx.fillStyle = '#0d1117';
  ctx.fillRect(panel.x, panel.y, panel.width, panel.height);

  const flashOn = frame.nowMs % 1000 < BEEP_DURATION_MS;
  ctx.fillStyle = flashOn ? '#ffffff' : '#1c2330';
  ctx.fillRect(flash.x, flash.y, flash.width, flash.height);

  const textX = Math.round(width * 0.04);
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  ctx.fillStyle = '#f0f3f6';
  ctx.font = `600 ${Math.round(height * 0.13)}px ui-monospace, "DejaVu Sans Mono", Menlo, monospace`;
  ctx.fillText(formatClock(frame.nowMs), textX, panel.y + Math.round(panel.height * 0.45));
  ctx.fillStyle = '#9fb3c8';
  ctx.font = `500 ${Math.round(height * 0.05)}px ui-monospace, "DejaVu Sans Mono", Menlo, monospace`;
  ctx.fillText(
    `frame ${String(frame.frameNumber).padStart(7, '0')}`,
    textX,
    panel.y + Math.round(panel.height * 0.68),
  );
  ctx.fillStyle = '#6b7d90';
  ctx.font = `500 ${Math.round(height * 0.032)}px system-ui, sans-serif`;
  ctx.fillText(frame.caption, textX, panel.y + Math.round(panel.height * 0.86));

  // Drawn last and from the same `nowMs` as the clock: the strip must carry this frame's draw time.
  const cells = encodeTimecode(frame.nowMs);
  layout.cells.forEach((cell, i) => {
    ctx.fillStyle = cells[i] ? '#fff' : '#000';
    ctx.fillRect(cell.x, cell.y, cell.width, cell.height);
  });
}

/** Local wall-clock time as HH:MM:SS.mmm. */
export function formatClock(timeMs: number): string {
  const date = new Date(timeMs);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
