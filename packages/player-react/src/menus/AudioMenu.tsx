import { usePlayer } from '../player-context';
import { usePlayerState } from '../use-player-state';
import { Menu, useCloseMenu } from './Menu';
import { MenuItem } from './MenuItem';
import { trackLabel } from './track-label';

export function AudioMenu() {
  const { player, strings } = usePlayer();
  const tracks = usePlayerState(player).tracks;
  const close = useCloseMenu();
  return (
    <Menu menu="audio" label={strings.audio}>
      {tracks.audio.map((track) => (
        <MenuItem
          key={track.id}
          role="menuitemradio"
          checked={tracks.audioId === track.id}
          testId="audio-option"
          onSelect={() => {
            player.setAudioTrack(track.id);
            close();
          }}
        >
          {trackLabel(track)}
        </MenuItem>
      ))}
    </Menu>
  );
}
