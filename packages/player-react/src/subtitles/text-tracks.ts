import type { MediaTrackOption } from '@brume/player';
import type { MetadataTrack } from '@brume/protocol';

/** Id prefix of a subtitle metadata track in the merged list (engine ids are indexes or names). */
const META = 'meta:';

/**
 * The subtitle menu's tracks: the stream's subtitle metadata tracks (drawn by the skin, whatever
 * the engine), then the engine's own text tracks except those with a metadata track's label (the
 * relay also carries each subtitle metadata track as an HLS/DASH text rendition of that name, and
 * the metadata one works with every engine).
 */
export function mergeTextTracks(
  engine: readonly MediaTrackOption[],
  meta: readonly MetadataTrack[],
): MediaTrackOption[] {
  const text: MediaTrackOption[] = [];
  for (const t of meta)
    if (t.kind === 'subtitle')
      text.push(
        t.lang === undefined
          ? { id: META + t.name, label: t.label ?? t.name }
          : { id: META + t.name, label: t.label ?? t.name, language: t.lang },
      );
  for (const t of engine) if (!text.some((m) => m.label === t.label)) text.push(t);
  return text;
}

/** The merged-list id of a metadata track. */
export function metaTextId(track: string): string {
  return META + track;
}

/** The metadata track a merged-list id names, `undefined` for an engine track. */
export function metaTrackOf(id: string | undefined): string | undefined {
  return id?.startsWith(META) ? id.slice(META.length) : undefined;
}

export function sameTextTracks(a: readonly MediaTrackOption[], b: readonly MediaTrackOption[]): boolean {
  return (
    a.length === b.length &&
    a.every((t, i) => t.id === b[i]?.id && t.label === b[i]?.label && t.language === b[i]?.language)
  );
}
