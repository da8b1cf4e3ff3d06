import type { BitrateSample } from '@brume/protocol';

/**
 * The SVG path `d` of a sparkline of `samples` over the `spanMs` ending at the newest sample, in a
 * `width`×`height` box: time left to right, 0 at the bottom, the highest sample at the top.
 * Empty for fewer than two samples (no line to draw).
 */
export function sparklinePath(
  samples: readonly BitrateSample[],
  width: number,
  height: number,
  spanMs = 60_000,
): string {
  const last = samples.at(-1);
  if (!last || samples.length < 2) return '';
  const start = last.at - spanMs;
  const max = Math.max(...samples.map((s) => s.bitsPerSecond), 1);
  const round = (n: number) => Math.round(n * 10) / 10;
  return samples
    .filter((sample) => sample.at >= start)
    .map((sample, i) => {
      const x = round(((sample.at - start) / spanMs) * width);
      const y = round(height - (sample.bitsPerSecond / max) * height);
      return `${i === 0 ? 'M' : 'L'}${x} ${y}`;
    })
    .join(' ');
}

/** `2.4 Mbit/s`, `640 kbit/s`. */
export function formatBitrate(bitsPerSecond: number): string {
  if (bitsPerSecond >= 1_000_000) return `${(bitsPerSecond / 1_000_000).toFixed(1)} Mbit/s`;
  return `${Math.round(bitsPerSecond / 1000)} kbit/s`;
}
