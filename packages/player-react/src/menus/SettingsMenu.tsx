import { PipMenuItem } from '../controls/PipButton';
import { usePlayer, useUi } from '../player-context';
import { qualitySummary } from '../quality-label';
import { useSubtitleTracks } from '../subtitles/subtitle-tracks';
import { usePlayerState } from '../use-player-state';
import { Menu, useCloseMenu } from './Menu';
import { MenuItem } from './MenuItem';
import { rateLabel } from './speed';
import { trackLabel } from './track-label';

/**
 * The settings menu: a line per list (quality, audio, subtitles, speed) showing its current value,
 * the pop-out in compact layouts, and the stats panel switch. Lists with nothing to choose are left out.
 */
export function SettingsMenu() {
  const { player, ui, strings } = usePlayer();
  const state = usePlayerState(player);
  const compact = useUi((s) => s.compact);
  const statsOpen = useUi((s) => s.statsOpen);
  const close = useCloseMenu();
  const { tracks } = state;
  const open = (menu: 'quality' | 'audio' | 'subtitles' | 'speed') => () =>
    ui.getState().openMenu(menu, true);
  const audio = tracks.audio.find((track) => track.id === tracks.audioId);
  const subtitles = useSubtitleTracks(player, ui);
  const text = subtitles.text.find((track) => track.id === subtitles.textId);
  return (
    <Menu menu="settings" label={strings.settings}>
      {tracks.qualities.length > 1 && (
        <MenuItem
          submenu
          hint={qualitySummary(tracks, strings).label}
          testId="settings-quality"
          onSelect={open('quality')}
        >
          {strings.quality}
        </MenuItem>
      )}
      {tracks.audio.length > 1 && (
        <MenuItem
          submenu
          hint={audio ? trackLabel(audio) : ''}
          testId="settings-audio"
          onSelect={open('audio')}
        >
          {strings.audio}
        </MenuItem>
      )}
      {subtitles.text.length > 0 && (
        <MenuItem
          submenu
          hint={text ? trackLabel(text) : strings.subtitlesOff}
          testId="settings-subtitles"
          onSelect={open('subtitles')}
        >
          {strings.subtitles}
        </MenuItem>
      )}
      {!state.live && (
        <MenuItem
          submenu
          hint={rateLabel(state.playbackRate, strings)}
          testId="settings-speed"
          onSelect={open('speed')}
        >
          {strings.speed}
        </MenuItem>
      )}
      {compact && <PipMenuItem onDone={close} />}
      <MenuItem
        role="menuitemcheckbox"
        checked={statsOpen}
        testId="stats-toggle"
        onSelect={() => {
          ui.getState().toggleStats();
          close();
        }}
      >
        {strings.stats}
      </MenuItem>
    </Menu>
  );
}
