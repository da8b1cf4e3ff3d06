import { PauseIcon, PlayIcon, ReplayIcon } from '../icons';
import { togglePlay } from '../player-actions';
import { usePlayer } from '../player-context';
import { usePlayerState } from '../use-player-state';

export function PlayButton() {
  const { player, strings } = usePlayer();
  const state = usePlayerState(player);
  const canReplay = state.status === 'ended' && !state.live && state.stream === undefined;
  const label = canReplay ? strings.replay : state.paused ? strings.play : strings.pause;
  return (
    <button
      type="button"
      className="brume-button"
      data-testid="play-toggle"
      aria-label={label}
      title={label}
      onClick={() => togglePlay(player)}
    >
      {canReplay ? <ReplayIcon /> : state.paused ? <PlayIcon /> : <PauseIcon />}
    </button>
  );
}
