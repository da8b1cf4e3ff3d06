import type { Player as PlayerCore } from '@brume/player';
import type { MetadataTrack } from '@brume/protocol';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { UiStore } from '../ui-store';
import { usePlayerState } from '../use-player-state';
import { selectSubtitle } from './select-subtitle';
import { loadSubtitleChoice, rememberedOption } from './subtitle-memory';
import { currentSubtitle, subtitleOptions, type SubtitleOption } from './subtitle-options';

const NONE: readonly MetadataTrack[] = [];

/** The subtitle options (menu lines) and the one shown, re-rendering when either changes. */
export function useSubtitles(
  player: PlayerCore,
  ui: UiStore,
): { options: SubtitleOption[]; current: SubtitleOption | undefined } {
  const { text, textId } = usePlayerState(player).tracks;
  const subscribe = useCallback((onChange: () => void) => player.on('metadatatracks', onChange), [player]);
  // `tracks` is a fresh empty array until the metadata machinery loads: one stable empty snapshot.
  const snapshot = useCallback(() => (player.metadata.tracks.length ? player.metadata.tracks : NONE), [player]);
  const meta = useSyncExternalStore(subscribe, snapshot, snapshot);
  const captionTrack = useStore(ui, (s) => s.captionTrack);
  const options = useMemo(() => subtitleOptions(text, meta), [text, meta]);
  return { options, current: currentSubtitle(options, textId, captionTrack) };
}

/**
 * Turns on the viewer's remembered subtitles when a matching track appears and none is shown
 * (once per player: the skin calls it). A remembered "off" keeps them off.
 */
export function useRememberedSubtitles(player: PlayerCore, ui: UiStore): void {
  const { options, current } = useSubtitles(player, ui);
  const shown = current !== undefined;
  useEffect(() => {
    if (shown) return;
    const option = rememberedOption(options, loadSubtitleChoice());
    if (option) selectSubtitle(player, ui, option);
  }, [player, ui, options, shown]);
}
