import { usePlayer } from '../player-context';
import { usePlayerState } from '../use-player-state';

/** The LIVE badge: lit at the live edge, and a button that jumps back to it from anywhere else. */
export function LiveButton() {
  const { player, strings } = usePlayer();
  const state = usePlayerState(player);
  // Not while waiting or connecting: a LIVE badge over a black picture would claim too much.
  if (!state.live || (state.status !== 'playing' && state.status !== 'reconnecting')) return null;
  const label = state.atLiveEdge ? strings.atLiveEdge : strings.goLive;
  return (
    <button
      type="button"
      className="brume-live"
      data-testid="live-button"
      data-at-edge={state.atLiveEdge}
      aria-label={label}
      title={label}
      onClick={() => player.goLive()}
    >
      <span className="brume-live__dot" aria-hidden="true" />
      {strings.liveBadge}
    </button>
  );
}
