import { usePlayer } from '../player-context';
import { timeDisplayText } from '../time-display-text';
import { usePlayerState } from '../use-player-state';

export function TimeDisplay() {
  const { player } = usePlayer();
  const state = usePlayerState(player);
  if (state.status === 'idle' || state.status === 'waiting' || state.status === 'error') return null;
  const text = timeDisplayText(state);
  // The seek bar's aria-valuetext says this in words; reading the ticking clock would be noise.
  return text === undefined ? null : (
    <span className="brume-time" data-testid="time-display" aria-hidden="true">
      {text}
    </span>
  );
}
