import type { Player as PlayerCore } from '@brume/player';
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { PlayerStrings } from './strings';
import type { UiState, UiStore } from './ui-store';

/** What the skin's components share: the core, the UI store and the (translated) strings. */
export interface PlayerContextValue {
  player: PlayerCore;
  ui: UiStore;
  strings: PlayerStrings;
  /** Unique per player on the page: prefix of element ids (menus, aria-controls). */
  id: string;
  /** The `autoPlay` option: without it, a paused player that never started offers a big play button. */
  autoPlay: boolean;
}

export const PlayerContext = createContext<PlayerContextValue | undefined>(undefined);

/**
 * The player around this component: `const { player, ui, strings } = usePlayer()`. For custom
 * controls rendered as `<Player>` children; read core state with `usePlayerState(player)`.
 */
export function usePlayer(): PlayerContextValue {
  const value = useContext(PlayerContext);
  if (!value)
    throw new Error(
      'usePlayer() must be called inside a <Player> (the core exists only while it is mounted).',
    );
  return value;
}

/** A slice of the UI store of the player around this component. */
export function useUi<T>(selector: (state: UiState) => T): T {
  return useStore(usePlayer().ui, selector);
}
