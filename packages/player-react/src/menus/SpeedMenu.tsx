import { usePlayer } from '../player-context';
import { usePlayerState } from '../use-player-state';
import { Menu, useCloseMenu } from './Menu';
import { MenuItem } from './MenuItem';
import { PLAYBACK_RATES, rateLabel } from './speed';

/** Playback speed, for VoD only: live playback is the core's to pace (catch-up adjusts the rate). */
export function SpeedMenu() {
  const { player, strings } = usePlayer();
  const rate = usePlayerState(player).playbackRate;
  const close = useCloseMenu();
  return (
    <Menu menu="speed" label={strings.speed}>
      {PLAYBACK_RATES.map((option) => (
        <MenuItem
          key={option}
          role="menuitemradio"
          checked={rate === option}
          testId="speed-option"
          onSelect={() => {
            player.setPlaybackRate(option);
            close();
          }}
        >
          {rateLabel(option, strings)}
        </MenuItem>
      ))}
    </Menu>
  );
}
