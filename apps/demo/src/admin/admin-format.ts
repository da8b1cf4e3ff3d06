/** `1.5 KiB`, `12.0 MiB`: a session's bytes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** `42s`, `3m 05s`, `2h 07m`: how long a session has been open. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** `ll-hls` and `ll-dash` viewers are separate requests: the server cannot end them. */
export const REQUEST_BASED_NOTE =
  'request-based (LL-HLS/LL-DASH): no connection to close; require viewer tokens to keep a client out';

/** Publish keys as typed: separated by commas, spaces or new lines. */
export function parseKeyList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((key) => key.trim())
    .filter((key) => key !== '');
}
