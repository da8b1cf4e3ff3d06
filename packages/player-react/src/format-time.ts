/** `0:07`, `1:23`, `1:02:03`: media clock style, whole seconds (floored, as players count). */
export function formatTime(seconds: number): string {
  const total = Number.isFinite(seconds) ? Math.max(0, Math.floor(seconds)) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}

/** Distance behind the live edge as the seek bar and time display show it: `-0:12`. */
export function formatBehindLive(seconds: number): string {
  return `-${formatTime(seconds)}`;
}
