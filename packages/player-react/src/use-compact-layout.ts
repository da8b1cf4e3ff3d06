import type { Player as PlayerCore } from '@brume/player';
import { useEffect } from 'react';
import type { UiStore } from './ui-store';

/** Narrower than this (a phone in portrait), secondary controls move into the settings menu. */
export const COMPACT_WIDTH = 480;

/** Follows the player's own width (not the viewport's: a player can be small on a wide page). */
export function useCompactLayout(player: PlayerCore, ui: UiStore): void {
  useEffect(() => {
    const root = player.container;
    const update = (width: number): void => {
      // Zero means not laid out (hidden, or a test DOM): keep the full layout.
      const compact = width > 0 && width < COMPACT_WIDTH;
      if (ui.getState().compact !== compact) ui.getState().setCompact(compact);
    };
    update(root.getBoundingClientRect().width);
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) update(entry.contentRect.width);
    });
    observer.observe(root);
    return () => observer.disconnect();
  }, [player, ui]);
}
