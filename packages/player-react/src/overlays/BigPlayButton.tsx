import { PlayIcon, ReplayIcon } from '../icons';
import { replay } from '../player-actions';
import { usePlayer } from '../player-context';
import { usePlayerState } from '../use-player-state';

/**
 * The big centre button: when the browser blocked autoplay (the last rung of the ladder), when the
 * page asked for no autoplay and nothing has played yet, and to replay a VoD that ended.
 */
export function BigPlayButton() {
  const { player, strings, autoPlay } = usePlayer();
  const state = usePlayerState(player);
  const vodEnded = state.status === 'ended' && !state.live && state.stream === undefined;
  const startable = state.status === 'connecting' || state.status === 'playing';
  const notStarted = state.autoplay === 'blocked' || (!autoPlay && state.autoplay === 'pending');
  if (!vodEnded && !(startable && state.paused && notStarted)) return null;
  const label = vodEnded ? strings.replay : strings.play;
  return (
    <button
      type="button"
      className="brume-big-play"
      data-testid={vodEnded ? 'replay-button' : 'big-play'}
      aria-label={label}
      title={label}
      onClick={() => (vodEnded ? replay(player) : void player.play())}
    >
      {vodEnded ? <ReplayIcon /> : <PlayIcon />}
    </button>
  );
}
