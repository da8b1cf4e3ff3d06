import { usePlayer } from '../player-context';
import { chooseSubtitle } from '../subtitles/select-subtitle';
import type { SubtitleOption } from '../subtitles/subtitle-options';
import { useSubtitles } from '../subtitles/use-subtitles';
import { Menu, useCloseMenu } from './Menu';
import { MenuItem } from './MenuItem';

/** Off, the stream's subtitle metadata tracks and the engine's text tracks; the choice is remembered. */
export function SubtitlesMenu() {
  const { player, ui, strings } = usePlayer();
  const { options, current } = useSubtitles(player, ui);
  const close = useCloseMenu();
  const select = (option: SubtitleOption | undefined): void => {
    chooseSubtitle(player, ui, option);
    close();
  };
  return (
    <Menu menu="subtitles" label={strings.subtitles}>
      <MenuItem
        role="menuitemradio"
        checked={current === undefined}
        testId="subtitles-option"
        onSelect={() => select(undefined)}
      >
        {strings.subtitlesOff}
      </MenuItem>
      {options.map((option) => (
        <MenuItem
          key={option.id}
          role="menuitemradio"
          checked={current === option}
          hint={option.lang && option.lang !== option.label ? option.lang : undefined}
          testId="subtitles-option"
          onSelect={() => select(option)}
        >
          {option.label}
        </MenuItem>
      ))}
    </Menu>
  );
}
