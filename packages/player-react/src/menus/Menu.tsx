import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { usePlayer, useUi } from '../player-context';
import type { MenuId } from '../ui-store';
import { MenuItem } from './MenuItem';

const ITEM_SELECTOR = '[role="menuitem"], [role="menuitemradio"], [role="menuitemcheckbox"]';

/** Closes the open menu and gives focus back to the button that opened it (keyboard users stay put). */
export function useCloseMenu(): () => void {
  const { player, ui } = usePlayer();
  return () => {
    const { menu, menuFromSettings } = ui.getState();
    ui.getState().closeMenu();
    if (!menu) return;
    const trigger = menuFromSettings ? 'settings' : menu;
    player.container.querySelector<HTMLElement>(`[data-menu-trigger="${trigger}"]`)?.focus();
  };
}

/**
 * A popup menu (`role="menu"`): focus goes to the checked item (or the first) when it opens; arrows,
 * Home and End move between items; Escape and Tab close it and return focus to its button; Left goes
 * back to settings from a list opened there; a press outside closes it.
 */
export function Menu({ menu, label, children }: { menu: MenuId; label: string; children: ReactNode }) {
  const { ui, id, strings } = usePlayer();
  const fromSettings = useUi((s) => s.menuFromSettings);
  const close = useCloseMenu();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const items = element.querySelectorAll<HTMLElement>(ITEM_SELECTOR);
    const checked = element.querySelector<HTMLElement>('[role="menuitemradio"][aria-checked="true"]');
    (checked ?? items[fromSettings ? 1 : 0] ?? items[0])?.focus();
  }, [menu, fromSettings]);

  useEffect(() => {
    const doc = ref.current?.ownerDocument;
    if (!doc) return;
    const onPointerDown = (event: PointerEvent): void => {
      const target = event.target;
      if (!(target instanceof Node) || ref.current?.contains(target)) return;
      // The buttons that open menus toggle them themselves.
      if (target instanceof Element && target.closest('[data-menu-trigger]')) return;
      // Focus stays where the press put it.
      ui.getState().closeMenu();
    };
    doc.addEventListener('pointerdown', onPointerDown, true);
    return () => doc.removeEventListener('pointerdown', onPointerDown, true);
  }, [ui]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>(ITEM_SELECTOR) ?? [])];
    const index = items.findIndex((item) => item === event.target);
    const focus = (next: number): void => items[(next + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focus(index + 1);
        break;
      case 'ArrowUp':
        focus(index - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(items.length - 1);
        break;
      case 'Escape':
      case 'Tab':
        close();
        break;
      case 'ArrowLeft':
        if (!fromSettings) return;
        ui.getState().openMenu('settings');
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div
      ref={ref}
      id={`${id}-menu`}
      className="brume-menu"
      role="menu"
      aria-label={label}
      data-testid={`${menu}-menu`}
      onKeyDown={onKeyDown}
    >
      {fromSettings && (
        <MenuItem back testId="menu-back" onSelect={() => ui.getState().openMenu('settings')}>
          {label}
          <span className="brume-sr-only">, {strings.back}</span>
        </MenuItem>
      )}
      {children}
    </div>
  );
}
