/**
 * A download name that sorts by time and is valid on every file system:
 * `brume-2025-03-14-093005.mp4` (local time, no colons).
 */
export function recordingFileName(startedAt: Date, extension: string, prefix = 'brume'): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${startedAt.getFullYear()}-${two(startedAt.getMonth() + 1)}-${two(startedAt.getDate())}`;
  const time = `${two(startedAt.getHours())}${two(startedAt.getMinutes())}${two(startedAt.getSeconds())}`;
  const safePrefix = prefix.replace(/[^\w.-]+/g, '-');
  return `${safePrefix}-${date}-${time}.${extension}`;
}
