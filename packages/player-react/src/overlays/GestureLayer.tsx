import { useRef } from 'react';
import { toggleFullscreen } from '../fullscreen';
import { togglePlay } from '../player-actions';
import { usePlayer } from '../player-context';

/**
 * The surface over the picture. A mouse click plays or pauses and a double click toggles fullscreen;
 * on touch screens a tap shows or hides the controls instead (fingers cannot hover to find them).
 */
export function GestureLayer() {
  const { player, ui } = usePlayer();
  // Read at press time, in the capture phase: the press itself brings the controls up.
  const press = useRef<{ touch: boolean; controlsWereVisible: boolean }>({
    touch: false,
    controlsWereVisible: true,
  });
  return (
    <div
      className="brume-gestures"
      aria-hidden="true"
      onPointerDownCapture={(event) => {
        press.current = {
          touch: event.pointerType !== 'mouse',
          controlsWereVisible: ui.getState().controlsVisible,
        };
      }}
      onClick={() => {
        if (!press.current.touch) togglePlay(player);
        else if (press.current.controlsWereVisible) ui.getState().hideControls();
      }}
      onDoubleClick={() => {
        if (!press.current.touch) void toggleFullscreen(player.container, player.video);
      }}
    />
  );
}
