import { useUi } from '../player-context';
import { AudioMenu } from './AudioMenu';
import { QualityMenu } from './QualityMenu';
import { SettingsMenu } from './SettingsMenu';
import { SpeedMenu } from './SpeedMenu';
import { SubtitlesMenu } from './SubtitlesMenu';

/** The open menu, if any (one at a time, in one place above the control bar's right end). */
export function MenuPopup() {
  switch (useUi((s) => s.menu)) {
    case 'settings':
      return <SettingsMenu />;
    case 'quality':
      return <QualityMenu />;
    case 'audio':
      return <AudioMenu />;
    case 'subtitles':
      return <SubtitlesMenu />;
    case 'speed':
      return <SpeedMenu />;
    case undefined:
      return null;
  }
}
