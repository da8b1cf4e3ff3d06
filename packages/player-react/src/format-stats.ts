import type { PlayerStats } from '@brume/player';

export function formatBitrate(bitsPerSecond: number): string {
  if (bitsPerSecond >= 1_000_000) return `${(bitsPerSecond / 1_000_000).toFixed(1)} Mb/s`;
  return `${Math.round(bitsPerSecond / 1000)} kb/s`;
}

/**
 * The compact stats line: `1280×720 · 30 fps · 2.1 Mb/s · H264 · latency 142 ms`. Parts that are not
 * known yet are left out rather than shown as zero.
 */
export function formatStats(stats: PlayerStats | undefined): string {
  if (!stats) return '';
  const parts: string[] = [];
  if (stats.width && stats.height) parts.push(`${stats.width}×${stats.height}`);
  if (stats.fps) parts.push(`${Math.round(stats.fps)} fps`);
  const transport = stats.transport;
  if (transport?.bitrate) parts.push(formatBitrate(transport.bitrate));
  if (transport?.videoCodec) parts.push(transport.videoCodec.replace(/^video\//, ''));
  const latency = stats.latency.medianMs ?? stats.latency.lastMs;
  if (stats.latency.count > 0 && latency !== undefined) parts.push(`latency ${Math.round(latency)} ms`);
  return parts.join(' · ');
}
