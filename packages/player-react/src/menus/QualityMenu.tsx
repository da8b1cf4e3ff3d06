import { usePlayer } from '../player-context';
import { qualityLabel, qualityShortLabel, sortQualities } from '../quality-label';
import { usePlayerState } from '../use-player-state';
import { Menu, useCloseMenu } from './Menu';
import { MenuItem } from './MenuItem';

/** Auto (with the rendition ABR shows under it) and every rendition, best first. */
export function QualityMenu() {
  const { player, strings } = usePlayer();
  const tracks = usePlayerState(player).tracks;
  const close = useCloseMenu();
  const select = (id: string): void => {
    player.setQuality(id);
    close();
  };
  const active = tracks.qualities.find((level) => level.id === tracks.activeQuality);
  return (
    <Menu menu="quality" label={strings.quality}>
      <MenuItem
        role="menuitemradio"
        checked={tracks.quality === 'auto'}
        hint={tracks.quality === 'auto' && active ? qualityShortLabel(active) : undefined}
        testId="quality-option"
        onSelect={() => select('auto')}
      >
        {strings.auto}
      </MenuItem>
      {sortQualities(tracks.qualities).map((level) => (
        <MenuItem
          key={level.id}
          role="menuitemradio"
          checked={tracks.quality === level.id}
          testId="quality-option"
          onSelect={() => select(level.id)}
        >
          {qualityLabel(level)}
        </MenuItem>
      ))}
    </Menu>
  );
}
