import type { ReactNode } from 'react';
import { usePlayer, useUi } from '../player-context';
import type { MenuId } from '../ui-store';

/** A control-bar button that opens (or closes) one of the popup menus. */
export function MenuButton({
  menu,
  label,
  testId,
  className = 'brume-button',
  children,
}: {
  menu: MenuId;
  label: string;
  testId: string;
  className?: string;
  children: ReactNode;
}) {
  const { ui, id } = usePlayer();
  // A list opened from settings still belongs to the settings button.
  const open = useUi((s) =>
    menu === 'settings'
      ? s.menu === 'settings' || s.menuFromSettings
      : s.menu === menu && !s.menuFromSettings,
  );
  return (
    <button
      type="button"
      className={className}
      data-testid={testId}
      data-menu-trigger={menu}
      aria-label={label}
      title={label}
      aria-haspopup="menu"
      aria-expanded={open}
      aria-controls={open ? `${id}-menu` : undefined}
      onClick={() => (open ? ui.getState().closeMenu() : ui.getState().openMenu(menu))}
    >
      {children}
    </button>
  );
}
