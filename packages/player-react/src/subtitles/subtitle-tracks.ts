import type { MediaTrackOption, Player as PlayerCore } from '@brume/player';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { UiStore } from '../ui-store';
import { usePlayerState } from '../use-player-state';

/** What the subtitle menu, button and `c` key work on: the tracks, the one shown, and the setter. */
export interface SubtitleTracks {
  text: MediaTrackOption[];
  /** The track shown, `undefined` when subtitles are off. */
  textId: string | undefined;
  select(id: string | undefined): void;
}

/**
 * The engine's text tracks, or, while the stream lists subtitle metadata tracks, the list
 * `metadata-subtitles` publishes in the UI store with those merged in.
 */
export function subtitlesOf(player: PlayerCore, ui: UiStore): SubtitleTracks {
  const { text, textId } = player.getState().tracks;
  return ui.getState().subtitles ?? { text, textId, select: (id) => player.setTextTrack(id) };
}

export function useSubtitleTracks(player: PlayerCore, ui: UiStore): SubtitleTracks {
  usePlayerState(player);
  useStore(ui, (s) => s.subtitles);
  return subtitlesOf(player, ui);
}

/**
 * Runs `metadata-subtitles` while the stream lists a subtitle metadata track. It is a separate chunk
 * (and the caption renderer a further one): the embed's up-front budget has no room for them.
 */
export function useMetadataSubtitles(player: PlayerCore, ui: UiStore): void {
  const subscribe = useCallback((onChange: () => void) => player.on('metadatatracks', onChange), [player]);
  const any = useSyncExternalStore(subscribe, () =>
    player.metadata.tracks.some((t) => t.kind === 'subtitle'),
  );
  useEffect(() => {
    if (!any) return;
    let detach: (() => void) | undefined;
    let gone = false;
    void import('./metadata-subtitles').then(({ attachMetadataSubtitles }) => {
      if (!gone) detach = attachMetadataSubtitles(player, ui);
    });
    return () => {
      gone = true;
      detach?.();
    };
  }, [player, ui, any]);
}
