import type { EngineTracks } from '@brume/player';
import type { MetadataTrack } from '@brume/protocol';

/**
 * One line of the subtitle menu. `engine` tracks are the engine's own (an HLS or DASH text
 * rendition, drawn by the browser or the engine); `meta` tracks are the stream's subtitle metadata
 * tracks, drawn by the skin from `player.metadata`, whatever the engine.
 */
export interface SubtitleOption {
  /** `meta:<track name>` for metadata tracks, the engine's id otherwise. */
  id: string;
  source: 'engine' | 'meta';
  /** The metadata track name, or the engine track's label. */
  name: string;
  label: string;
  lang: string | undefined;
}

const META = 'meta:';

/**
 * The subtitle tracks a viewer can pick: the stream's subtitle metadata tracks, then the engine's
 * text tracks that are not the same track (the relay also carries a subtitle metadata track as an
 * HLS/DASH text rendition under its name; the metadata one works with every engine, so it wins).
 */
export function subtitleOptions(text: EngineTracks['text'], meta: readonly MetadataTrack[]): SubtitleOption[] {
  const options: SubtitleOption[] = [];
  for (const track of meta)
    if (track.kind === 'subtitle')
      options.push({
        id: META + track.name,
        source: 'meta',
        name: track.name,
        label: track.label || track.name,
        lang: track.lang,
      });
  for (const track of text)
    if (!options.some((o) => o.name === track.label || o.name === track.id))
      options.push({
        id: track.id,
        source: 'engine',
        name: track.label,
        label: track.label || track.language || track.id,
        lang: track.language,
      });
  return options;
}

/** The option on screen: the skin's caption track if one is chosen, else the engine's text track. */
export function currentSubtitle(
  options: readonly SubtitleOption[],
  textId: string | undefined,
  captionTrack: string | undefined,
): SubtitleOption | undefined {
  const id = captionTrack === undefined ? textId : META + captionTrack;
  return id === undefined ? undefined : options.find((o) => o.id === id);
}
