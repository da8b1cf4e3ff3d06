import { usePlayer } from '../player-context';
import { useSubtitleTracks } from '../subtitles/subtitle-tracks';
import { Menu, useCloseMenu } from './Menu';
import { MenuItem } from './MenuItem';
import { trackLabel } from './track-label';

export function SubtitlesMenu() {
  const { player, ui, strings } = usePlayer();
  const tracks = useSubtitleTracks(player, ui);
  const close = useCloseMenu();
  const select = (id: string | undefined): void => {
    if (id !== undefined) ui.getState().rememberTextTrack(id);
    tracks.select(id);
    close();
  };
  return (
    <Menu menu="subtitles" label={strings.subtitles}>
      <MenuItem
        role="menuitemradio"
        checked={tracks.textId === undefined}
        testId="subtitles-option"
        onSelect={() => select(undefined)}
      >
        {strings.subtitlesOff}
      </MenuItem>
      {tracks.text.map((track) => (
        <MenuItem
          key={track.id}
          role="menuitemradio"
          checked={tracks.textId === track.id}
          hint={track.language}
          testId="subtitles-option"
          onSelect={() => select(track.id)}
        >
          {trackLabel(track)}
        </MenuItem>
      ))}
    </Menu>
  );
}
