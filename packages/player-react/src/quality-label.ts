import type { EngineTracks, QualityLevel } from '@brume/player';
import type { PlayerStrings } from './strings';

/** `2.5 Mbps`, `5 Mbps`, `800 kbps`: how renditions are usually named. */
export function formatMbps(bitsPerSecond: number): string {
  if (bitsPerSecond >= 1_000_000) {
    const mbps = bitsPerSecond / 1_000_000;
    return `${mbps >= 10 ? Math.round(mbps) : Number(mbps.toFixed(1))} Mbps`;
  }
  return `${Math.round(bitsPerSecond / 1000)} kbps`;
}

/**
 * A rendition's menu label, `720p · 2.5 Mbps`, built from its size and bitrate so every engine's
 * renditions read alike; the engine's own label when it declares neither.
 */
export function qualityLabel(level: QualityLevel): string {
  const parts: string[] = [];
  if (level.height) parts.push(`${level.height}p`);
  if (level.bitrate) parts.push(formatMbps(level.bitrate));
  return parts.length ? parts.join(' · ') : level.label || level.id;
}

/** A rendition's name where space is short (the control bar, the Auto entry): `720p`. */
export function qualityShortLabel(level: QualityLevel): string {
  if (level.height) return `${level.height}p`;
  if (level.bitrate) return formatMbps(level.bitrate);
  return level.label || level.id;
}

/** Best first: by height, then bitrate. */
export function sortQualities(levels: readonly QualityLevel[]): QualityLevel[] {
  return [...levels].sort((a, b) => (b.height ?? 0) - (a.height ?? 0) || (b.bitrate ?? 0) - (a.bitrate ?? 0));
}

/**
 * What the quality control says now: the chosen rendition, or `Auto` with the rendition ABR shows
 * (`Auto (720p)`). `short` is for the control bar button.
 */
export function qualitySummary(
  tracks: Pick<EngineTracks, 'qualities' | 'quality' | 'activeQuality'>,
  strings: PlayerStrings,
): { label: string; short: string } {
  const byId = (id: string | undefined) => tracks.qualities.find((level) => level.id === id);
  if (tracks.quality !== 'auto') {
    const chosen = byId(tracks.quality);
    if (chosen) return { label: qualityLabel(chosen), short: qualityShortLabel(chosen) };
  }
  const active = byId(tracks.activeQuality);
  if (!active) return { label: strings.auto, short: strings.auto };
  const short = qualityShortLabel(active);
  return { label: strings.autoWith(short), short };
}
