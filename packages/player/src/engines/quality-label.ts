/** What a rendition label is made of; either may be unknown (a manifest without `RESOLUTION`). */
export interface QualityLabelInput {
  height?: number | undefined;
  /** Bits per second. */
  bitrate?: number | undefined;
}

/**
 * The label of a video rendition as viewers read it: `720p · 1.8 Mbps`, `360p · 600 kbps`. Shared by
 * every engine with ABR so a quality menu looks the same whichever library plays. `fallback` names
 * a rendition that declares neither height nor bitrate.
 */
export function formatQualityLabel(input: QualityLabelInput, fallback = 'Unknown'): string {
  const parts: string[] = [];
  if (isPositive(input.height)) parts.push(`${Math.round(input.height)}p`);
  if (isPositive(input.bitrate)) parts.push(formatBitrate(input.bitrate));
  return parts.length ? parts.join(' · ') : fallback;
}

function formatBitrate(bitsPerSecond: number): string {
  // 999.6 kbps would round to "1000 kbps": switch units where the rounded value does.
  if (bitsPerSecond < 999_500) return `${Math.max(1, Math.round(bitsPerSecond / 1000))} kbps`;
  const mbps = bitsPerSecond / 1_000_000;
  // One decimal tells 1.8 from 2.5; above 10 Mbps it is noise.
  const text = mbps < 9.95 ? mbps.toFixed(1).replace(/\.0$/, '') : String(Math.round(mbps));
  return `${text} Mbps`;
}

function isPositive(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value > 0;
}
