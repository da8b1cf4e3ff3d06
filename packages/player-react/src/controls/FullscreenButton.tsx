import { useEffect } from 'react';
import { canFullscreen, isFullscreen, onFullscreenChange, toggleFullscreen } from '../fullscreen';
import { ExitFullscreenIcon, FullscreenIcon } from '../icons';
import { usePlayer, useUi } from '../player-context';

export function FullscreenButton() {
  const { player, ui, strings } = usePlayer();
  const fullscreen = useUi((s) => s.fullscreen);
  useEffect(
    () =>
      onFullscreenChange(player.container, player.video, () =>
        ui.getState().setFullscreen(isFullscreen(player.container, player.video)),
      ),
    [player, ui],
  );
  if (!canFullscreen(player.container, player.video)) return null;
  const label = fullscreen ? strings.exitFullscreen : strings.fullscreen;
  return (
    <button
      type="button"
      className="brume-button"
      data-testid="fullscreen-button"
      aria-label={label}
      title={label}
      onClick={() => void toggleFullscreen(player.container, player.video)}
    >
      {fullscreen ? <ExitFullscreenIcon /> : <FullscreenIcon />}
    </button>
  );
}
