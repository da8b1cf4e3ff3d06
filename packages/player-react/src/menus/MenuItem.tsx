import type { ReactNode } from 'react';
import { CheckIcon, ChevronLeftIcon, ChevronRightIcon } from '../icons';

export interface MenuItemProps {
  role?: 'menuitem' | 'menuitemradio' | 'menuitemcheckbox';
  checked?: boolean;
  /** Opens another menu (a chevron, and `aria-haspopup`). */
  submenu?: boolean;
  /** Leads back to the settings menu (a left chevron). */
  back?: boolean;
  /** The current value, right-aligned (`Auto (720p)`), or a second line under an option. */
  hint?: string;
  testId?: string;
  onSelect: () => void;
  children: ReactNode;
}

/**
 * One entry of a `Menu`. Items are not in the tab order: the menu moves focus between them with the
 * arrow keys (the roving pattern of the WAI-ARIA menu).
 */
export function MenuItem({
  role = 'menuitem',
  checked,
  submenu,
  back,
  hint,
  testId,
  onSelect,
  children,
}: MenuItemProps) {
  const checkable = role !== 'menuitem';
  return (
    <button
      type="button"
      role={role}
      tabIndex={-1}
      className={back ? 'brume-menu__item brume-menu__item--back' : 'brume-menu__item'}
      data-testid={testId}
      aria-checked={checkable ? Boolean(checked) : undefined}
      aria-haspopup={submenu ? 'menu' : undefined}
      onClick={onSelect}
      onKeyDown={(event) => {
        // Right opens a submenu, as in desktop menus.
        if (submenu && event.key === 'ArrowRight') {
          event.preventDefault();
          onSelect();
        }
      }}
    >
      {back && <ChevronLeftIcon />}
      {checkable && <span className="brume-menu__check">{checked && <CheckIcon />}</span>}
      <span className="brume-menu__label">
        {children}
        {hint !== undefined && checkable && <span className="brume-menu__sub">{hint}</span>}
      </span>
      {hint !== undefined && !checkable && <span className="brume-menu__hint">{hint}</span>}
      {submenu && <ChevronRightIcon />}
    </button>
  );
}
