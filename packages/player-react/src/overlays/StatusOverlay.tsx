import { usePlayer } from '../player-context';
import { statusText } from '../status-text';
import { usePlayerState } from '../use-player-state';

/**
 * What the picture cannot show by itself: a spinner while connecting, reconnecting or buffering, and
 * the waiting / stream ended screens. Hidden from screen readers: the status line announces the same.
 */
export function StatusOverlay() {
  const { player, strings } = usePlayer();
  const state = usePlayerState(player);
  const { status } = state;
  const loading =
    status === 'connecting' || status === 'reconnecting' || (status === 'playing' && state.buffering);
  const liveEnded = status === 'ended' && (state.live || state.stream !== undefined);
  if (!loading && status !== 'waiting' && !liveEnded) return null;
  return (
    <div
      className="brume-overlay"
      data-testid="status-overlay"
      data-kind={loading ? 'loading' : status}
      aria-hidden="true"
    >
      {loading && <div className="brume-spinner" />}
      {status === 'waiting' && <div className="brume-pulse" />}
      {status !== 'playing' && <div className="brume-overlay__text">{statusText(state, strings)}</div>}
    </div>
  );
}
