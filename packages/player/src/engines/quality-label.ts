/**
 * What a quality menu shows for one rendition: `720p · 1.8 Mbps`, either half alone when the other
 * is unknown (audio-only renditions, manifests without RESOLUTION).
 */
export function formatQualityLabel({ height, bitrate }: { height?: number; bitrate?: number }): string {
  const parts: string[] = [];
  if (height !== undefined && height > 0) parts.push(`${Math.round(height)}p`);
  if (bitrate !== undefined && bitrate > 0) parts.push(formatBitrate(bitrate));
  return parts.length > 0 ? parts.join(' · ') : 'unknown quality';
}

/** `600 kbps`, `1.8 Mbps`, `12 Mbps`: two significant digits are all a viewer compares. */
function formatBitrate(bitsPerSecond: number): string {
  const kbps = Math.max(1, Math.round(bitsPerSecond / 1000));
  if (kbps < 1000) return `${kbps} kbps`;
  const mbps = bitsPerSecond / 1_000_000;
  return `${mbps >= 10 ? Math.round(mbps) : Math.round(mbps * 10) / 10} Mbps`;
}
