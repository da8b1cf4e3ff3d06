import type { Player as PlayerCore } from '@brume/player';
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { UiStore } from './ui-store';

export const CONTROLS_IDLE_MS = 3000;

/**
 * Hides the controls after `CONTROLS_IDLE_MS` without pointer or keyboard activity, while media plays.
 * They stay up while `canHide` is false (paused, not playing), a menu is open or the pointer rests on
 * them. The timer lives here, not in the store, so a moving mouse costs no re-render.
 */
export function useIdleControls(player: PlayerCore, ui: UiStore, canHide: boolean): void {
  const menuOpen = useStore(ui, (state) => state.menu !== undefined);
  const onControls = useStore(ui, (state) => state.pointerOnControls);
  const hold = !canHide || menuOpen || onControls;

  useEffect(() => {
    const root = player.container;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = (): void => {
      if (!ui.getState().controlsVisible) ui.getState().showControls();
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = hold ? undefined : setTimeout(() => ui.getState().hideControls(), CONTROLS_IDLE_MS);
    };
    const onActivity = (): void => {
      show();
      arm();
    };
    // A mouse leaving the player means nobody is looking at the controls.
    const onLeave = (event: PointerEvent): void => {
      if (hold || event.pointerType !== 'mouse') return;
      clearTimeout(timer);
      ui.getState().hideControls();
    };
    onActivity();
    const activities = ['pointermove', 'pointerdown', 'keydown', 'focusin'] as const;
    for (const type of activities) root.addEventListener(type, onActivity);
    root.addEventListener('pointerleave', onLeave);
    return () => {
      clearTimeout(timer);
      for (const type of activities) root.removeEventListener(type, onActivity);
      root.removeEventListener('pointerleave', onLeave);
    };
  }, [player, ui, hold]);
}
