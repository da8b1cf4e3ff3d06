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

/** `0:07`, `12:31`, `1:02:09`: how long the studio has been live (or recording). */
export function formatDuration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** `812 KB`, `14.2 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** A level in dBFS for a meter's readout: `-12.3`, `-∞`. */
export function formatDb(db: number): string {
  return Number.isFinite(db) ? db.toFixed(1) : '-∞';
}
