/** Bitrate for humans: `812 kb/s`, `2.45 Mb/s`. */
export function formatBitrate(kbps: number | undefined): string {
  if (kbps === undefined) return '—';
  if (kbps >= 1000) return `${(kbps / 1000).toFixed(2)} Mb/s`;
  return `${Math.round(kbps)} kb/s`;
}

export function formatFps(fps: number | undefined, target: number): string {
  if (fps === undefined) return '—';
  return `${fps.toFixed(fps < 10 ? 1 : 0)} / ${target}`;
}

export function formatResolution(width: number | undefined, height: number | undefined): string {
  return width && height ? `${width}×${height}` : '—';
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function formatLoss(lost: number | undefined, fraction: number | undefined): string {
  if (lost === undefined) return '—';
  return fraction === undefined ? String(lost) : `${lost} (${(fraction * 100).toFixed(1)}%)`;
}
