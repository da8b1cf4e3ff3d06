import { MutedIcon } from '../icons';
import { usePlayer } from '../player-context';
import { usePlayerState } from '../use-player-state';

/** The browser only allowed muted autoplay: one tap (a user gesture) brings the sound. */
export function UnmuteBadge() {
  const { player, strings } = usePlayer();
  const state = usePlayerState(player);
  if (state.autoplay !== 'muted' || !state.muted) return null;
  return (
    <button
      type="button"
      className="brume-unmute"
      data-testid="unmute-badge"
      onClick={() => player.setMuted(false)}
    >
      <MutedIcon />
      {strings.tapToUnmute}
    </button>
  );
}
