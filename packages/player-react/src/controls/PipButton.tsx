import { useEffect, useState } from 'react';
import { PipIcon } from '../icons';
import { MenuItem } from '../menus/MenuItem';
import { isInPip, onPipChange, pipSupported, togglePip } from '../pip';
import { usePlayer } from '../player-context';

/** Whether the pop-out is available, and whether the player (or its video) is popped out now. */
function usePip(): { supported: boolean; active: boolean; toggle: () => void } {
  const { player } = usePlayer();
  const [active, setActive] = useState(() => isInPip(player));
  useEffect(() => onPipChange(player, () => setActive(isInPip(player))), [player]);
  return { supported: pipSupported(player), active, toggle: () => void togglePip(player) };
}

/**
 * The pop-out button of the control bar: the whole player into a Document Picture-in-Picture window,
 * or the video into its own Picture-in-Picture; absent where the browser has neither.
 */
export function PipButton() {
  const { strings } = usePlayer();
  const pip = usePip();
  if (!pip.supported) return null;
  const label = pip.active ? strings.exitPopOut : strings.popOut;
  return (
    <button
      type="button"
      className="brume-button"
      data-testid="pip-button"
      aria-label={label}
      aria-pressed={pip.active}
      title={label}
      onClick={pip.toggle}
    >
      <PipIcon />
    </button>
  );
}

/** The same, as an entry of the settings menu (compact layouts have no room for the button). */
export function PipMenuItem({ onDone }: { onDone: () => void }) {
  const { strings } = usePlayer();
  const pip = usePip();
  if (!pip.supported) return null;
  return (
    <MenuItem
      role="menuitemcheckbox"
      checked={pip.active}
      testId="pip-menu-item"
      onSelect={() => {
        pip.toggle();
        onDone();
      }}
    >
      {strings.popOut}
    </MenuItem>
  );
}
