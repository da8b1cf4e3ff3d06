import type { Player as PlayerCore } from '@brume/player';
import { useEffect } from 'react';
import { keyAction } from './key-map';
import { runAction } from './player-actions';
import { seekWindow } from './seek-bar-math';
import type { UiStore } from './ui-store';

const SLIDER_KEYS = new Set([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);
const MENU_KEYS = new Set([...SLIDER_KEYS, 'Escape', 'Tab', ' ', 'Enter']);

/**
 * Whether the focused element uses this key itself: a button's Space, a slider's arrows, a menu's
 * navigation, anything typed into a field. Decided from the element rather than from
 * `defaultPrevented`, because this listener sits on the player's root and runs before React's own
 * handlers (React listens at its root, above the player).
 */
export function keyBelongsToTarget(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return true;
  if (target.closest('[role="menu"]')) return MENU_KEYS.has(key);
  if (target.closest('[role="slider"]')) return SLIDER_KEYS.has(key);
  if (target.closest('button, a[href]')) return key === ' ' || key === 'Enter';
  return false;
}

/** The keyboard shortcuts of `key-map.ts`, live while focus is anywhere inside the player. */
export function useKeyboardShortcuts(player: PlayerCore, ui: UiStore): void {
  useEffect(() => {
    const root = player.container;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || keyBelongsToTarget(event.target, event.key)) return;
      const state = player.getState();
      const action = keyAction(event, { live: state.live, canSeek: seekWindow(state) !== undefined });
      if (!action) return;
      // The page must not scroll on Space or the arrows while the player takes them.
      event.preventDefault();
      runAction(action, player, ui);
    };
    root.addEventListener('keydown', onKeyDown);
    return () => root.removeEventListener('keydown', onKeyDown);
  }, [player, ui]);
}
