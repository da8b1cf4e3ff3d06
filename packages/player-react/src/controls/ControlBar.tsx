import { SettingsIcon } from '../icons';
import { usePlayer, useUi } from '../player-context';
import { FullscreenButton } from './FullscreenButton';
import { LiveButton } from './LiveButton';
import { MenuButton } from './MenuButton';
import { PipButton } from './PipButton';
import { PlayButton } from './PlayButton';
import { QualityButton } from './QualityButton';
import { SeekBar } from './SeekBar';
import { SubtitlesButton } from './SubtitlesButton';
import { TimeDisplay } from './TimeDisplay';
import { VolumeControl } from './VolumeControl';

/**
 * The bottom controls, in focus order: seek bar, then play, volume, live/time on the left and the
 * secondary controls on the right. Compact layouts keep the essentials; the rest is in settings.
 */
export function ControlBar() {
  const { ui, strings } = usePlayer();
  const compact = useUi((s) => s.compact);
  return (
    <div
      className="brume-controls"
      onPointerEnter={(event) => event.pointerType === 'mouse' && ui.getState().setPointerOnControls(true)}
      onPointerLeave={() => ui.getState().setPointerOnControls(false)}
    >
      <SeekBar />
      <div className="brume-bar">
        <PlayButton />
        <VolumeControl />
        <LiveButton />
        <TimeDisplay />
        <span className="brume-bar__spacer" />
        {!compact && <SubtitlesButton />}
        {!compact && <QualityButton />}
        <MenuButton menu="settings" label={strings.settings} testId="settings-button">
          <SettingsIcon />
        </MenuButton>
        {!compact && <PipButton />}
        <span data-cast="button" hidden />
        <FullscreenButton />
      </div>
    </div>
  );
}
